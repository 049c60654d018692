import json

import pytest

pytestmark = pytest.mark.django_db


def match(client, payload, raw=None):
    body = raw if raw is not None else json.dumps(payload)
    return client.post("/api/match/", body, content_type="application/json")


def test_match_answers_the_contract_with_up_to_20_ranked_explained_results(client):
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
    assert 1 <= len(data["results"]) <= 20
    first = data["results"][0]
    assert set(first) >= {
        "rank",
        "trigger_point",
        "score",
        "status",
        "explains",
        "why",
        "press_at",
        "self_care",
        "self_care_withheld",
    }
    assert all(result["explains"] for result in data["results"])
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


def test_each_result_has_self_care_or_says_why_not(client):
    data = match(client, {"marks": [{"region": "neck-side-r"}, {"region": "temple-r"}]}).json()
    for result in data["results"]:
        care, withheld = result["self_care"], result["self_care_withheld"]
        assert (care is None) != (withheld is None)
        if care:
            assert set(care) == {"technique", "steps", "cautions"}
            assert set(care["technique"]) == {"slug", "name", "url"}
            assert care["technique"]["url"].startswith("/techniques/")
            assert care["steps"] and all(isinstance(step, str) for step in care["steps"])
    assert any(result["self_care"] for result in data["results"])


def test_fewer_results_when_fewer_trigger_points_explain_the_map(client):
    from apps.matching.services import match_index

    index = match_index()
    region = min(
        (r for r, p in index.postings.items() if p.essential or p.spillover),
        key=lambda r: len(index.postings[r].essential) + len(index.postings[r].spillover),
    )
    expected = len(index.postings[region].essential) + len(index.postings[region].spillover)
    assert expected < 20
    data = match(client, {"marks": [{"region": region}]}).json()
    assert len(data["results"]) == expected
    assert all(r["explains"] == [region] for r in data["results"])


def test_on_movement_pain_is_accepted_and_makes_results_possibly_active(client):
    data = match(client, {"marks": [{"region": "shoulder-top-r", "pain": "on_movement"}]}).json()
    assert data["results"] and all(r["status"] == "active" for r in data["results"])
    assert data["results"][0]["why"].startswith("Possibly active")


def test_an_emergency_withholds_all_self_care(client):
    data = match(
        client,
        {"marks": [{"region": "sternum", "intensity": 8}], "symptoms": ["chest-pressure"]},
    ).json()
    assert data["results"]
    assert all(r["self_care"] is None and r["self_care_withheld"] for r in data["results"])


def test_belly_pain_with_fever_withholds_belly_self_care_in_the_api(client):
    data = match(
        client,
        {
            "marks": [{"region": "abdomen-lower-r"}, {"region": "abdomen-mid-r"}],
            "symptoms": ["fever"],
        },
    ).json()
    assert data["red_flags"][0]["urgency"] in ("urgent", "emergency")
    assert all(r["self_care"] is None for r in data["results"])
    assert all("doctor" in r["self_care_withheld"] for r in data["results"])


def test_a_notice_comes_without_symptoms_and_withholds_nothing(client):
    data = match(client, {"marks": [{"region": "abdomen-lower-r"}]}).json()
    assert [flag["urgency"] for flag in data["red_flags"]] == ["notice"]
    assert any(r["self_care"] for r in data["results"])


def test_no_api_answer_offers_self_care_for_a_point_not_for_self_treatment(client):
    from apps.matching.services import match_knowledge

    knowledge = match_knowledge()
    index, cares = knowledge.index, knowledge.cares
    professional = [c for c in index.candidates if not cares[c.slug].self_treatable]
    assert professional
    for candidate in professional:
        marks = [{"region": region} for region in sorted(candidate.essential)[:3]]
        results = match(client, {"marks": marks}).json()["results"]
        mine = [r for r in results if r["trigger_point"]["slug"] == candidate.slug]
        assert mine
        for result in mine:
            assert result["self_care"] is None
            assert result["self_care_withheld"].startswith("Not for self-treatment.")


def test_about_you_answers_change_the_self_care_offered(client):
    from apps.matching.services import match_knowledge

    cares = match_knowledge().cares
    payload = {"marks": [{"region": "abdomen-mid-r"}, {"region": "low-back-r"}]}
    plain = match(client, payload).json()["results"]
    pregnant = match(client, {**payload, "symptoms": ["pregnant"]}).json()["results"]
    assert [r["trigger_point"] for r in plain] == [r["trigger_point"] for r in pregnant]
    for result in pregnant:
        care = cares[result["trigger_point"]["slug"]]
        if result["self_care"]:
            slug = result["self_care"]["technique"]["slug"]
            option = next(o for o in care.options if o.technique_slug == slug)
            assert not option.involves & {"belly", "face-down"}
            assert care.site not in {"abdomen-upper", "abdomen-mid", "abdomen-lower"}
            assert care.muscle_slug != "iliopsoas"
    assert sum(r["self_care"] is None for r in pregnant) > sum(
        r["self_care"] is None for r in plain
    )


def test_the_schema_documents_self_care_notice_and_on_movement(client):
    schema = client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    result = components["ResultOutput"]["properties"]
    assert {"self_care", "self_care_withheld"} <= set(result)
    text = json.dumps(schema)
    assert '"notice"' in text and '"on_movement"' in text
    assert "SelfCareOutput" in components


def test_a_point_that_refers_no_pain_is_never_a_result(client):
    from apps.knowledge.models import TriggerPoint
    from apps.matching.services import match_index

    silent = set(TriggerPoint.objects.filter(refers_pain=False).values_list("slug", flat=True))
    assert "pectoralis-major-arrhythmia" in silent
    assert not silent & {candidate.slug for candidate in match_index().candidates}
    chest = [{"region": r} for r in ("chest-lower-r", "chest-upper-r", "sternum", "ribs-side-r")]
    slugs = {r["trigger_point"]["slug"] for r in match(client, {"marks": chest}).json()["results"]}
    assert slugs and not slugs & silent


@pytest.mark.django_db
def test_one_request_reads_the_knowledge_once(client, monkeypatch):
    """Parsing and ranking see the same knowledge version, even across a reload."""
    from apps.matching import api, services

    calls = []
    real = services.match_knowledge

    def counted(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(api, "match_knowledge", counted)
    monkeypatch.setattr(services, "match_knowledge", counted)
    response = match(
        client, {"marks": [{"region": "temple-r"}], "confirmed": ["trapezius-upper-1"]}
    )
    assert response.status_code == 200
    assert len(calls) == 1


@pytest.mark.django_db
def test_the_apis_serialised_parts_are_built_once_per_knowledge_version():
    from apps.matching.api import _static_parts
    from apps.matching.services import build_knowledge

    first = build_knowledge()
    assert first.derived(_static_parts) is first.derived(_static_parts)
    assert build_knowledge().derived(_static_parts) is not first.derived(_static_parts)
