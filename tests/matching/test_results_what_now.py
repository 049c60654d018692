"""The top of the results: what to do tonight (only self-care the safety module allows), one
numbering down the page, a legend for the small charts, emergency numbers to tap, and what
a printout starts with."""

import re

import pytest

from apps.matching.presentation import dose_part
from apps.matching.templatetags.phone_numbers import phone_links
from tests.matching.test_results_page import NECK_HEADACHE

pytestmark = pytest.mark.django_db

EMERGENCY = {
    "regions": ["sternum", "upper-arm-front-l"],
    "intensity-sternum": "8",
    "symptoms": ["chest-pressure", "cold-sweat"],
}


def what_now(html: str) -> str:
    return html.split('<section class="what-now"')[1].split("</section>")[0]


def test_what_now_names_the_first_card_that_offers_self_care_how_often_and_when_to_stop(
    client,
):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    block = what_now(html)
    first_card = re.search(r'<article class="result[^"]*" id="([^"]+)"', html).group(1)
    assert f'href="#{first_card}">number 1, ' in block
    assert "Tonight, try" in block
    assert "How often" in block
    assert "sessions a day" in block
    assert "Stop and see someone" in block
    assert 'href="/self-care/when-to-stop/"' in block
    assert html.index('class="what-now"') < html.index('<article class="result')


def test_what_now_suggests_no_self_care_when_an_emergency_warning_stands(client):
    html = client.post("/assessment/", EMERGENCY).content.decode()
    block = what_now(html)
    assert "Get help first" in block
    assert "Tonight, try" not in block
    assert html.index('class="red-flags"') < html.index('class="what-now"')


def test_what_now_never_points_at_a_card_whose_self_care_was_withheld(client):
    html = client.post(
        "/assessment/", {"regions": ["perineum", "coccyx"], "intensity-perineum": "6"}
    ).content.decode()
    block = what_now(html)
    match = re.search(r'href="#([^"]+)">number', block)
    if match:
        card = html.split(f'id="{match.group(1)}"')[1].split("</article>")[0]
        assert "First steps:" in card
        assert "No self-care here." not in card
    else:
        assert "None of these trigger points is one to treat yourself" in block


def test_cards_are_numbered_once_down_the_page_together_first(client):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    numbers = [int(n) for n in re.findall(r'class="result-rank" aria-label="Rank (\d+)"', html)]
    assert numbers == list(range(1, len(numbers) + 1))
    together = html.split('id="together-heading"')[1].split('id="all-heading"')[0]
    assert 'aria-label="Rank 1"' in together


def test_the_small_charts_have_a_legend_that_does_not_rely_on_colour_alone(client):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    legend = html.split('class="legend chart-legend"')[1].split("</ul>")[0]
    for words in ("usually sends pain", "sometimes spreads", "does not explain", "outlined"):
        assert words in legend
    assert "✕" in legend


def test_emergency_numbers_in_a_warning_are_tel_links(client):
    html = client.post("/assessment/", EMERGENCY).content.decode()
    warnings = html.split('class="red-flags"')[1].split("</section>")[0]
    for number in ("999", "112", "911"):
        assert f'<a class="tel" href="tel:{number}">{number}</a>' in warnings


def test_only_the_advice_numbers_become_links_and_the_text_stays_escaped():
    text = "Call (999 / 112 / 911) or NHS 111; seen in 1999, page 112. <b>"
    linked = str(phone_links(text))
    assert linked.count('href="tel:') == 4
    assert "seen in 1999, page 112." in linked
    assert "&lt;b&gt;" in linked


def test_the_printout_starts_with_the_date_and_the_pain_map_in_words(client):
    html = client.post("/assessment/", NECK_HEADACHE).content.decode()
    summary = html.split('class="print-only print-summary"')[1].split("</div>")[0]
    assert re.search(r"Trigger Point Finder, \d{1,2} \w+ \d{4}", summary)
    assert "Right temple 7/10, hurts on its own" in summary


def test_how_often_is_read_from_the_dose_rule():
    dose = "Each time: hold 30 seconds. How often: 2-3 sessions a day. How hard: 7 of 10."
    assert dose_part(dose, "How often") == "2-3 sessions a day."
    assert dose_part(dose, "Each time") == "hold 30 seconds."
    assert dose_part("Weekly sessions.", "How often") == ""


def test_only_results_shown_under_the_chart_offer_to_update_for_a_changed_map(client):
    page = client.post("/assessment/", NECK_HEADACHE).content.decode()
    fragment = client.post(
        "/assessment/", NECK_HEADACHE, headers={"X-Fragment": "results"}
    ).content.decode()
    assert 'id="map-changed"' not in page
    assert 'id="map-changed"' in fragment
    assert 'form="chart-form"' in fragment
