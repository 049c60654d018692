import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NECK_HEADACHE = {
    "regions": ["temple-r", "neck-side-r"],
    "intensity-temple-r": "7",
    "pain-temple-r": "spontaneous",
    "intensity-neck-side-r": "4",
    "pain-neck-side-r": "spontaneous",
}


def ranked_keys(html):
    """`slug:side` keys of the cards in the order of their numbers (one numbering down the
    page: the “together” set first, then the rest best first); `slug:both` for a card that
    holds both sides."""
    cards = re.findall(
        r'data-slug="([^"]+)" data-side="([lr]|both)">\s*<header class="result-head">\s*'
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
    assert 10 <= len(ranked_slugs(html)) <= 20
    assert 'class="badge badge--active">Possibly active' in html
    assert "Likely active" not in html
    assert "Where to press:" in html
    assert "Press firmly for a few seconds" not in html
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
    together = ranked_keys(again.split('id="all-heading"')[0])
    rest = ranked_keys(again.split('id="all-heading"')[1])
    assert seventh in together or rest[0] == seventh
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


def cards(html):
    """Each result card's HTML, in page order."""
    return re.findall(r'<article class="result.*?</article>', html, flags=re.S)


def card_slug(card):
    return re.search(r'data-slug="([^"]+)"', card).group(1)


def form(regions, *, intensity="5", pain="spontaneous", symptoms=()):
    data = {"regions": regions, "symptoms": list(symptoms)}
    for region in regions:
        data[f"intensity-{region}"] = intensity
        data[f"pain-{region}"] = pain
    return data


BELLY = ["abdomen-lower-r", "abdomen-mid-r"]


def test_a_bilateral_map_shows_both_sides_of_a_trigger_point_on_one_card(client):
    html = client.post("/assessment/", form(["calf-l", "calf-r", "heel-l", "heel-r"])).content
    found = cards(html.decode())
    slugs = [card_slug(card) for card in found]
    assert len(slugs) == len(set(slugs))
    first = found[0]
    assert 'data-side="both"' in first and "(both sides)" in first
    slug = card_slug(first)
    assert f'name="confirm" value="{slug}:r"' in first
    assert f'name="confirm" value="{slug}:l"' in first
    assert "the ✕ on each side" in first


def test_confirming_one_side_of_a_two_sided_card_marks_that_side_only(client):
    data = form(["calf-l", "calf-r"])
    slug = card_slug(cards(client.post("/assessment/", data).content.decode())[0])
    html = client.post("/assessment/", {**data, "confirm": f"{slug}:l"}).content.decode()
    first = cards(html)[0]
    assert card_slug(first) == slug
    assert "Active: you recognised your pain" in first
    assert f'name="undo" value="{slug}:l"' in first
    assert f'name="confirm" value="{slug}:r"' in first
    assert '<span class="press-answer">brings on my pain</span>' in first
    assert "not tender" not in first


def test_a_denial_is_kept_even_when_the_point_drops_out_of_the_list(client):
    data = form(["calf-l", "calf-r"])
    slug = card_slug(cards(client.post("/assessment/", data).content.decode())[0])
    html = client.post("/assessment/", {**data, "deny": f"{slug}:r"}).content.decode()
    assert f'name="undo" value="{slug}:r"' not in html  # no longer among the 20 listed
    assert f'<input type="hidden" name="denied" value="{slug}:r">' in html
    again = client.post("/assessment/", {**data, "denied": f"{slug}:r"}).content.decode()
    assert f'<input type="hidden" name="denied" value="{slug}:r">' in again


def test_a_denied_side_of_a_two_sided_card_says_not_tender_and_is_remembered(client):
    data = form(["temple-l", "temple-r"])
    slug = card_slug(cards(client.post("/assessment/", data).content.decode())[0])
    html = client.post("/assessment/", {**data, "deny": f"{slug}:r"}).content.decode()
    assert f'name="undo" value="{slug}:r"' in html
    card = next(card for card in cards(html) if 'data-side="both"' in card)
    assert '<span class="press-answer">not tender</span>' in card
    assert f'<input type="hidden" name="denied" value="{slug}:r">' in html


def test_no_card_reads_0_percent_and_every_card_explains_a_marked_area(client):
    regions = ["temple-r", "calf-l", "thumb-r", "sole-l", "low-back-r", "sternum"]
    first = client.post("/assessment/", form(regions)).content.decode()
    denied = card_slug(cards(first)[-1])
    html = client.post("/assessment/", {**form(regions), "deny": f"{denied}"}).content.decode()
    assert "Match 0%" not in html
    assert "misses the areas you marked" not in html
    assert all("covers your" in card for card in cards(html))


def test_where_to_press_is_in_the_points_own_words_with_how_hard_and_how_long(client):
    from apps.matching.services import match_knowledge

    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    cares = match_knowledge().cares
    for card in cards(html):
        if "Where to press:" not in card:
            continue
        care = cares[card_slug(card)]
        assert care.location.split(".")[0][:40] in card.replace("&#x27;", "'")
        assert 'class="care-dose"' in card


def test_every_self_care_block_links_to_the_one_stop_list_and_shows_the_points_cautions(
    client,
):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    blocks = [card for card in cards(html) if "First steps:" in card]
    assert blocks
    for block in blocks:
        assert f'href="{reverse("knowledge:when-to-stop")}"' in block
        assert "<h4>Mind</h4>" in block
    assert "What is a trigger point, and how to tell" in html
    assert "When self-treatment is not enough" in html


def test_belly_pain_with_fever_puts_the_warning_first_and_offers_no_belly_self_care(client):
    html = client.post("/assessment/", form(BELLY, symptoms=["fever"])).content.decode()
    assert html.index('class="red-flags"') < html.index('<article class="result')
    found = cards(html)
    assert found
    assert "Press where the ✕ is" not in html
    for card in found:
        assert "First steps:" not in card
        assert "Pressing here brings on my pain" not in card
        assert "A doctor should check this first:" in card


def test_a_warning_about_the_belly_leaves_self_care_for_the_neck(client):
    from apps.matching.services import match_knowledge

    cares = match_knowledge().cares
    data = form(["abdomen-lower-r", "neck-side-r"], symptoms=["fever"])
    html = client.post("/assessment/", data).content.decode()
    found = {card_slug(card): card for card in cards(html)}
    belly = {"abdomen-upper", "abdomen-mid", "abdomen-lower", "groin"}
    touching = [slug for slug in found if cares[slug].body_parts & belly]
    assert touching
    for slug in touching:
        assert "First steps:" not in found[slug]
        assert "A doctor should check this first:" in found[slug]
    neck = [slug for slug in found if slug not in touching and cares[slug].self_treatable]
    assert neck and any("First steps:" in found[slug] for slug in neck)


def test_a_notice_is_calm_and_hides_nothing(client):
    html = client.post("/assessment/", form(BELLY)).content.decode()
    assert 'class="notices"' in html and "Good to know" in html
    assert 'role="alert"' not in html
    assert "after-emergency" not in html
    assert any("First steps:" in card for card in cards(html))


def test_blood_thinners_leave_only_gentle_self_care_and_say_why(client):
    from apps.matching.services import answer_rules, match_knowledge

    html = client.post(
        "/assessment/", form(["neck-side-r", "temple-r"], symptoms=["blood-thinners"])
    ).content.decode()
    reason = next(r.reason for r in answer_rules() if r.answer == "blood-thinners")
    cares = match_knowledge().cares
    unsafe = {"deep-pressure", "sustained-pressure", "tool", "body-weight"}
    for card in cards(html):
        care = cares[card_slug(card)]
        shown = [o for o in care.options if f"First steps: {o.technique_name.lower()}" in card]
        assert all(not (o.involves & unsafe) for o in shown)
        if "First steps:" not in card and care.self_treatable:
            assert reason.replace("'", "&#x27;") in card


def test_no_page_offers_self_care_or_pressing_for_a_point_not_for_self_treatment(client):
    from apps.matching.services import match_knowledge

    knowledge = match_knowledge()
    index, cares = knowledge.index, knowledge.cares
    professional = [c for c in index.candidates if not cares[c.slug].self_treatable]
    assert professional
    for candidate in professional:
        regions = sorted(candidate.essential)[:3]
        html = client.post("/assessment/", form(regions)).content.decode()
        card = next(card for card in cards(html) if card_slug(card) == candidate.slug)
        assert "First steps:" not in card
        assert "Where to press" not in card and "Pressing here" not in card
        assert "Not for self-treatment." in card
