import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.diary import services
from apps.diary.models import PainEntry
from tests.diary.conftest import make_entry

pytestmark = pytest.mark.django_db


def mark(region: str, intensity: int) -> dict:
    return {"region": region, "intensity": intensity, "pain": "spontaneous"}


def test_each_region_is_better_worse_new_gone_or_the_same_and_by_how_much():
    earlier = [mark("temple-r", 7), mark("neck-back-r", 4), mark("calf-l", 3), mark("jaw-r", 2)]
    later = [mark("temple-r", 3), mark("neck-back-r", 6), mark("jaw-r", 2), mark("sternum", 5)]
    changes = {c.region: (c.verdict, c.change) for c in services.compare_marks(earlier, later)}
    assert changes == {
        "temple-r": ("better", -4),
        "neck-back-r": ("worse", 2),
        "calf-l": ("gone", -3),
        "jaw-r": ("same", 0),
        "sternum": ("new", 5),
    }


def test_comparing_two_of_my_entries_shows_both_maps_and_the_changes(
    alice: User, alice_client: Client
):
    earlier = make_entry(alice, hours_ago=48)
    later = make_entry(alice, hours_ago=1)
    later.marks = [mark("temple-r", 2)]
    later.save()
    response = alice_client.get(reverse("diary:compare"), {"entry": [later.pk, earlier.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert html.index("Earlier pain map") < html.index("Later pain map")
    assert "<strong>better</strong> (-5)" in html
    assert "<strong>gone</strong>" in html


def test_comparing_with_someone_elses_entry_is_not_found(
    alice: User, bob: User, alice_client: Client
):
    mine, theirs = make_entry(alice), make_entry(bob)
    response = alice_client.get(reverse("diary:compare"), {"entry": [mine.pk, theirs.pk]})
    assert response.status_code == 404


def test_comparing_needs_exactly_two_entries(alices_entry: PainEntry, alice_client: Client):
    response = alice_client.get(reverse("diary:compare"), {"entry": [alices_entry.pk]})
    assert response.status_code == 400
    assert "Tick exactly two entries" in response.content.decode()


def test_the_timeline_offers_to_compare(alices_entry: PainEntry, alice_client: Client):
    html = alice_client.get(reverse("diary:timeline")).content.decode()
    assert f'name="entry" value="{alices_entry.pk}"' in html
    assert 'action="/diary/compare/"' in html
