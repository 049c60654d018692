import re

import pytest

pytestmark = pytest.mark.django_db

NECK_HEADACHE = {
    "regions": ["temple-r", "neck-side-r"],
    "intensity-temple-r": "7",
    "pain-temple-r": "spontaneous",
    "intensity-neck-side-r": "4",
    "pain-neck-side-r": "spontaneous",
}


def ranked_keys(html):
    """`slug:side` keys in rank order (the page shows the “together” set first)."""
    cards = re.findall(
        r'data-slug="([^"]+)" data-side="([lr])">\s*<header class="result-head">\s*'
        r'<span class="result-rank" aria-label="Rank (\d+)"',
        html,
    )
    return [f"{slug}:{side}" for slug, side, _ in sorted(cards, key=lambda card: int(card[2]))]


def ranked_slugs(html):
    return [key.split(":")[0] for key in ranked_keys(html)]


def test_results_page_shows_ranked_explained_suggestions(client):
    response = client.post("/assessment/", NECK_HEADACHE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Most likely together" in html
    assert "All suggestions, best first" in html
    assert len(ranked_slugs(html)) >= 20
    assert 'class="badge badge--active">Likely active' in html
    assert "Where to press:" in html
    assert "First steps:" in html
    assert 'href="/trigger-points/' in html
    assert 'class="tp-marker"' in html
    assert "main zone covers your right temple" in html


def test_results_keep_the_pain_map_in_hidden_fields_not_in_links(client):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    assert '<input type="hidden" name="regions" value="temple-r">' in html
    assert '<input type="hidden" name="intensity-temple-r" value="7">' in html
    assert "temple-r" not in "".join(re.findall(r'href="([^"#][^"]*)"', html))


def test_fragment_request_returns_only_the_results(client):
    response = client.post("/assessment/", NECK_HEADACHE, headers={"X-Fragment": "results"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="results" id="results" data-results>')
    assert "<html" not in html


def test_confirming_a_suggestion_moves_it_to_the_top_on_that_side_only(client):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    seventh = ranked_keys(html)[6]
    again = client.post("/assessment/", {**NECK_HEADACHE, "confirm": seventh}).content.decode()
    assert ranked_keys(again)[0] == seventh
    assert again.count("you confirmed it") == 1
    assert f'<input type="hidden" name="confirmed" value="{seventh}">' in again


def test_denying_a_suggestion_moves_it_down(client):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    first = ranked_keys(html)[0]
    again = client.post("/assessment/", {**NECK_HEADACHE, "deny": first}).content.decode()
    assert ranked_keys(again)[0] != first
    assert "you said it is not tender" in again


def test_emergency_warning_stands_above_and_pushes_self_treatment_below(client):
    data = {
        "regions": ["sternum", "upper-arm-front-l"],
        "intensity-sternum": "8",
        "symptoms": ["chest-pressure", "cold-sweat"],
    }
    html = client.post("/assessment/", data).content.decode()
    assert "Emergency: call emergency services now" in html
    warning = html.index('class="red-flags"')
    assert (
        warning
        < html.index('<details class="after-emergency">')
        < html.index('<article class="result')
    )
    assert "First steps:" not in html
    assert "NICE" in html


def test_plain_pain_map_shows_no_warning(client):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    assert 'class="red-flags"' not in html


def test_unknown_trigger_point_in_feedback_is_refused(client):
    response = client.post("/assessment/", {**NECK_HEADACHE, "confirm": "soleus-9:l"})
    assert response.status_code == 400
    assert "Unknown trigger point “soleus-9:l”." in response.content.decode()


def test_unknown_symptom_is_refused_with_the_map_kept(client):
    response = client.post("/assessment/", {**NECK_HEADACHE, "symptoms": ["hiccups"]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Unknown symptom “hiccups”." in html
    assert 'value="temple-r" id="pick-temple-r" checked' in html


def test_symptoms_alone_give_a_warning_page(client):
    response = client.post("/assessment/", {"symptoms": ["sudden-severe-headache"]})
    assert response.status_code == 200
    assert "Emergency" in response.content.decode()


def test_chart_page_asks_about_every_warning_sign(client):
    from apps.matching.red_flags import symptoms

    html = client.get("/").content.decode()
    for symptom in symptoms():
        assert f'name="symptoms" value="{symptom.slug}"' in html
