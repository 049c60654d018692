"""The muscle search understands what hurts: "headache", "stiff neck", "heel", "tennis elbow"."""

import pytest

from apps.bodymap.regions import region_catalogue
from apps.knowledge.models import Muscle
from apps.knowledge.search_phrases import (
    SearchPhraseError,
    phrase_for,
    read_phrases,
    search_phrases,
)

pytestmark = pytest.mark.django_db


def phrase_section(client, query: str) -> str:
    html = client.get("/muscles/", {"q": query}).content.decode()
    start = html.index('<section class="phrase-result"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    ("query", "place", "first_muscle"),
    [
        ("headache", "temple", "Temporalis"),
        ("Stiff neck", "back of the neck", "Levator scapulae"),
        ("heel", "heel", "Soleus"),
        ("tennis elbow", "outer elbow", "Extensor carpi radialis longus"),
        ("my heel hurts", "heel", "Soleus"),
    ],
)
def test_searching_what_hurts_names_the_place_and_the_muscles_that_refer_there(
    client, query, place, first_muscle
):
    section = phrase_section(client, query)
    assert "pain felt at the" in section and place in section
    first = section.index("<li>")
    assert first_muscle in section[first : section.index("</li>", first)]
    assert 'href="/"' in section  # leads on to the body chart


def test_a_muscle_name_search_shows_no_complaint_section(client):
    html = client.get("/muscles/", {"q": "trapezius"}).content.decode()
    assert "phrase-result" not in html
    assert "Trapezius" in html


def test_every_muscle_named_in_the_phrases_file_exists():
    named = {slug for entry in search_phrases() for slug in entry.muscles}
    assert named - set(Muscle.objects.values_list("slug", flat=True)) == set()


def test_a_phrases_file_with_an_unknown_region_or_a_repeated_phrase_is_refused():
    data = [
        {"phrases": ["headache"], "regions": ["temple", "tail"]},
        {"phrases": ["Headache!"], "regions": ["forehead"]},
    ]
    with pytest.raises(SearchPhraseError) as error:
        read_phrases(data, region_catalogue())
    assert "unknown region “tail”" in str(error.value)
    assert "“Headache!” is already in entry 1" in str(error.value)


def test_the_longest_phrase_in_the_query_wins():
    assert phrase_for("lower back pain").phrases[0] == "low back pain"
    assert phrase_for("biceps") is None
