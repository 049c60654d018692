import json

import pytest

pytestmark = pytest.mark.django_db


def match(client, payload, raw=None):
    body = raw if raw is not None else json.dumps(payload)
    return client.post("/api/match/", body, content_type="application/json")


def test_match_answers_the_contract_with_at_least_20_ranked_results(client):
    response = match(
        client,
        {
            "marks": [
                {"region": "temple-r", "intensity": 7, "pain": "spontaneous"},
                {"region": "neck-side-r", "intensity": 5},
            ],
            "symptoms": [],
            "confirmed": [],
            "denied": [],
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"results", "together", "red_flags", "unexplained"}
    assert len(data["results"]) >= 20
    first = data["results"][0]
    assert set(first) >= {"rank", "trigger_point", "score", "status", "explains", "why", "press_at"}
    assert first["rank"] == 1
    assert set(first["trigger_point"]) >= {"slug", "name", "side", "url", "muscle"}
    assert set(first["trigger_point"]["muscle"]) == {"slug", "name"}
    assert first["trigger_point"]["side"] == "r"
    assert first["status"] in ("active", "latent")
    assert set(first["press_at"]) == {"view", "x", "y", "region"}
    assert 0 <= first["score"] <= 1
    assert data["results"][0]["score"] >= data["results"][-1]["score"]
    assert all(isinstance(slug, str) for slug in data["together"])
    assert data["red_flags"] == []


def test_headache_at_the_temple_and_side_of_neck_points_to_upper_trapezius(client):
    data = match(
        client,
        {"marks": [{"region": "temple-l", "intensity": 7}, {"region": "neck-side-l"}]},
    ).json()
    top = [r["trigger_point"]["muscle"]["slug"] for r in data["results"][:3]]
    assert "trapezius" in top
    assert data["results"][0]["trigger_point"]["side"] == "l"


def test_red_flag_is_returned_with_urgency_and_source(client):
    data = match(
        client,
        {"marks": [{"region": "sternum", "intensity": 8}], "symptoms": ["chest-pressure"]},
    ).json()
    assert data["red_flags"][0]["urgency"] == "emergency"
    assert set(data["red_flags"][0]) == {"code", "urgency", "title", "advice", "source"}


def test_symptoms_alone_are_a_valid_request(client):
    data = match(client, {"symptoms": ["sudden-severe-headache"]}).json()
    assert data["results"] == [] and data["red_flags"]


def test_confirming_one_side_lifts_only_that_side(client):
    payload = {"marks": [{"region": "calf-l"}, {"region": "calf-r"}]}
    results = match(client, payload).json()["results"]
    tenth = results[9]["trigger_point"]
    key = f"{tenth['slug']}:{tenth['side']}"
    after = match(client, {**payload, "confirmed": [key]}).json()["results"]
    assert (after[0]["trigger_point"]["slug"], after[0]["trigger_point"]["side"]) == (
        tenth["slug"],
        tenth["side"],
    )
    assert after[0]["feedback"] == "confirmed"
    assert [r["feedback"] for r in after].count("confirmed") == 1


def test_confirmed_trigger_point_rises_to_the_top_and_is_active(client):
    payload = {"marks": [{"region": "low-back-r", "pain": "on_pressure"}]}
    before = match(client, payload).json()["results"]
    tenth = before[9]["trigger_point"]["slug"]
    after = match(client, {**payload, "confirmed": [tenth]}).json()["results"]
    assert after[0]["trigger_point"]["slug"] == tenth
    assert after[0]["status"] == "active"
    denied_first = match(client, {**payload, "denied": [before[0]["trigger_point"]["slug"]]})
    slugs = [r["trigger_point"]["slug"] for r in denied_first.json()["results"][:3]]
    assert before[0]["trigger_point"]["slug"] not in slugs


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"marks": [{"region": "temple-x"}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": 0}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": 11}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": "7"}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": 7.5}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": True}]}, "marks"),
        ({"marks": [{"region": "temple-r", "pain": "sometimes"}]}, "marks"),
        ({"marks": [{"region": "temple-r"}, {"region": "temple-r"}]}, "marks"),
        ({"marks": [{"region": 5}]}, "marks"),
        ({"marks": [{"region": ["temple-r"]}]}, "marks"),
        ({"marks": [{"region": "temple-r", "pain": ["spontaneous"]}]}, "marks"),
        ({"marks": [{"region": "temple-r", "pain": {"kind": 1}}]}, "marks"),
        ({"marks": ["temple-r"]}, "marks"),
        ({"marks": "temple-r"}, "marks"),
        ({"marks": [{"region": "temple-r"}] * 130}, "marks"),
        ({"marks": []}, "marks"),
        ({}, "marks"),
        ({"marks": [{"region": "calf-l"}], "symptoms": ["headache"]}, "symptoms"),
        ({"marks": [{"region": "calf-l"}], "symptoms": "fever"}, "symptoms"),
        ({"marks": [{"region": "calf-l"}], "confirmed": ["soleus-99"]}, "confirmed"),
        ({"marks": [{"region": "calf-l"}], "denied": [3]}, "denied"),
        ({"marks": [{"region": "calf-l"}], "denied": ["soleus-1:x"]}, "denied"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, payload, field):
    response = match(client, payload)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("raw", ["{bad json", "[1, 2]", '"marks"', "null"])
def test_malformed_json_is_a_400_never_a_500(client, raw):
    response = match(client, None, raw=raw)
    assert response.status_code == 400
    assert response.json()


def test_only_post_is_allowed(client):
    assert client.get("/api/match/").status_code == 405
