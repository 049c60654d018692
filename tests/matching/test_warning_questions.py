"""The warning-sign questions on the chart page, and the symptoms the API accepts."""

import json
import re

import pytest

from apps.matching import red_flags

pytestmark = pytest.mark.django_db


def symptom_section(html):
    start = html.index('<fieldset class="warning-signs"')
    return html[start : html.index("</fieldset>", start)]


def test_without_javascript_every_question_is_shown_under_its_three_headings(client):
    section = symptom_section(client.get("/").content.decode())
    headings = re.findall(r'<h3 id="asked-[^"]+">([^<]+)</h3>', section)
    assert headings == ["About the pain", "Other symptoms", "About you"]
    asked = section[: section.index('<details class="symptoms-more"')]
    for symptom in red_flags.symptoms():
        assert f'name="symptoms" value="{symptom.slug}"' in asked
    # each question is asked once: one checkbox per symptom
    assert section.count('name="symptoms"') == len(red_flags.symptoms()) == 40
    # the "all warning signs" box is for the script to fill; without it, it stays hidden
    assert '<details class="symptoms-more" id="symptoms-more" hidden>' in section


def test_each_question_sits_under_its_own_group(client):
    section = symptom_section(client.get("/").content.decode())
    about_you = section[section.index('id="asked-about-you"') : section.index("<details")]
    pain = section[section.index('id="asked-pain"') : section.index('id="asked-symptom"')]
    assert 'value="pregnant"' in about_you and 'value="fever"' not in about_you
    assert 'value="night-pain"' in pain and 'value="pregnant"' not in pain


def test_ticked_questions_stay_ticked_when_the_map_is_refused(client):
    response = client.post("/assessment/", {"regions": ["elbow-l"], "symptoms": ["fever"]})
    assert response.status_code == 400
    section = symptom_section(response.content.decode())
    assert 'value="fever" checked' in section
    assert 'value="nausea" checked' not in section


def questions_for_page(client):
    html = client.get("/").content.decode()
    found = re.search(
        r'<script id="questions-by-region" type="application/json">(.*?)</script>', html
    )
    return json.loads(found.group(1))


def test_the_page_knows_which_questions_matter_for_each_region(client):
    by_region = questions_for_page(client)
    assert {"chest-pressure", "breathlessness", "cold-sweat"} <= set(by_region["chest-upper-l"])
    assert {"fever", "nausea", "testicle-pain"} <= set(by_region["abdomen-lower-r"])
    assert {"vision-change", "double-vision-dizziness", "eyelid-droop"} <= set(
        by_region["neck-side-r"]
    )
    assert "tight-swollen-limb" in by_region["calf-l"]
    # a chest mark does not ask about saddle numbness, a heel mark not about chest pressure
    assert "saddle-numbness" not in by_region["chest-upper-l"]
    assert "chest-pressure" not in by_region["heel-r"]
    # "about you" questions are asked for every map, so they are not repeated per region
    assert "pregnant" not in by_region["abdomen-lower-r"]


def test_questions_for_a_map_are_in_the_contracts_order_with_the_about_you_questions():
    asked = red_flags.questions_for(["chest-upper-l"])
    slugs = [symptom.slug for symptom in asked]
    order = [symptom.slug for symptom in red_flags.symptoms()]
    assert slugs == [slug for slug in order if slug in slugs]
    assert slugs[:3] == ["chest-pressure", "breathlessness", "cold-sweat"]
    assert {"pregnant", "blood-thinners", "hip-replacement"} <= set(slugs)


def test_every_symptom_of_the_contract_is_accepted_by_the_api(client):
    every = [symptom.slug for symptom in red_flags.symptoms()]
    response = client.post(
        "/api/match/",
        {"marks": [{"region": "abdomen-lower-r", "intensity": 9}], "symptoms": every},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["red_flags"][0]["urgency"] == "emergency"


def test_every_symptom_of_the_contract_is_accepted_by_the_form(client):
    every = [symptom.slug for symptom in red_flags.symptoms()]
    response = client.post("/assessment/", {"regions": ["calf-r"], "symptoms": every})
    assert response.status_code == 200


def test_a_plain_belly_map_shows_a_notice_and_still_the_results(client):
    response = client.post("/assessment/", {"regions": ["abdomen-lower-r"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="notice-belly-pain"' in html
    assert "Belly and groin pain can come from the organs inside" in html
    assert 'class="result' in html
