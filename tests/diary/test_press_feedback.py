"""What the user said about pressing a suggested trigger point ("brings on my pain" / "not
tender") is saved with the diary entry: the results page's save form carries it, the entry
is matched with it, and its results snapshot says which results were confirmed or denied."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.marks import PainKind, PainMark
from apps.diary.models import PainEntry
from apps.diary.views import PENDING
from apps.matching.services import assess, match_knowledge
from tests.diary.conftest import TEMPLE

pytestmark = pytest.mark.django_db


def entry_form() -> dict[str, str]:
    return {
        "felt_at": (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "overall_pain": "6",
        "notes": "",
    }


def temple_keys() -> list[str]:
    """`slug:side` keys of the right temple's suggestions, best first."""
    marks = [PainMark("temple-r", 7, PainKind.SPONTANEOUS)]
    return [s.candidate.key for s in assess(match_knowledge(), marks).result.suggestions]


def feedback_of(entry: PainEntry) -> dict[str, str | None]:
    return {
        f"{item['trigger_point']}:{item['side']}": item["feedback"]
        for item in entry.results["results"]
    }


def test_the_results_save_form_carries_the_point_the_user_confirmed(client: Client):
    key = temple_keys()[3]
    html = client.post(reverse("matching:assessment"), {**TEMPLE, "confirm": key}).content.decode()
    save_form = html[html.index('class="save-to-diary"') :]
    save_form = save_form[: save_form.index("</form>")]
    assert f'name="confirmed" value="{key}"' in save_form
    assert 'name="denied"' not in save_form


def test_saving_after_confirming_a_point_stores_feedback_confirmed_in_the_snapshot(
    alice: User, alice_client: Client
):
    confirmed, denied = temple_keys()[3], temple_keys()[0]
    response = alice_client.post(
        reverse("diary:save"), {**TEMPLE, "confirmed": confirmed, "denied": denied}
    )
    assert response["Location"] == reverse("diary:new")
    alice_client.post(reverse("diary:new"), entry_form())
    entry = PainEntry.objects.get(owner=alice)
    assert entry.confirmed == [confirmed] and entry.denied == [denied]
    feedback = feedback_of(entry)
    assert feedback[confirmed] == "confirmed"
    assert feedback[denied] == "denied"
    assert [value for key, value in feedback.items() if key not in (confirmed, denied)] == [
        None
    ] * (len(feedback) - 2)
    # Matched with the answers: the confirmed point moved up from fourth place.
    assert list(feedback).index(confirmed) < 3


def test_a_map_saved_without_pressing_has_no_feedback(alice: User, alice_client: Client):
    alice_client.post(reverse("diary:save"), TEMPLE)
    alice_client.post(reverse("diary:new"), entry_form())
    entry = PainEntry.objects.get(owner=alice)
    assert entry.confirmed == [] and entry.denied == []
    assert set(feedback_of(entry).values()) == {None}


@pytest.mark.parametrize(
    ("extra", "field_words"),
    [
        ({"confirmed": "no-such-point:r"}, "Unknown trigger point “no-such-point:r”"),
        ({"denied": "no-such-point"}, "Unknown trigger point “no-such-point”"),
    ],
)
def test_an_unknown_trigger_point_is_refused_and_nothing_waits_to_be_saved(
    alice_client: Client, extra: dict[str, str], field_words: str
):
    response = alice_client.post(reverse("diary:save"), {**TEMPLE, **extra})
    assert response.status_code == 400
    assert field_words in response.content.decode()
    assert PENDING not in alice_client.session


def test_a_point_both_confirmed_and_denied_is_refused(alice_client: Client):
    key = temple_keys()[0]
    response = alice_client.post(reverse("diary:save"), {**TEMPLE, "confirmed": key, "denied": key})
    assert response.status_code == 400
    assert "is both confirmed and denied" in response.content.decode()
    assert PENDING not in alice_client.session


def test_changing_an_entrys_map_saves_the_new_answers_with_it(
    alice: User, alice_client: Client, alices_entry: PainEntry
):
    key = temple_keys()[2]
    alice_client.get(reverse("diary:edit-map", args=[alices_entry.pk]))
    alice_client.post(
        reverse("diary:save"), {**TEMPLE, "confirmed": key, "into": str(alices_entry.pk)}
    )
    alice_client.post(reverse("diary:edit", args=[alices_entry.pk]), entry_form())
    alices_entry.refresh_from_db()
    assert alices_entry.confirmed == [key]
    assert feedback_of(alices_entry)[key] == "confirmed"


def test_changing_only_the_notes_keeps_the_answers_and_the_snapshot(
    alice: User, alice_client: Client
):
    key = temple_keys()[3]
    alice_client.post(reverse("diary:save"), {**TEMPLE, "confirmed": key})
    alice_client.post(reverse("diary:new"), entry_form())
    entry = PainEntry.objects.get(owner=alice)
    before = entry.results
    alice_client.post(reverse("diary:edit", args=[entry.pk]), {**entry_form(), "notes": "later"})
    entry.refresh_from_db()
    assert entry.notes == "later"
    assert entry.confirmed == [key] and entry.results == before


# The entries API ----------------------------------------------------------------------

NEW_ENTRY = {
    "marks": [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}],
    "overall_pain": 6,
}


def test_the_api_saves_confirmed_and_denied_and_shows_them(alice_client: Client):
    confirmed, denied = temple_keys()[3], temple_keys()[1]
    body = alice_client.post(
        "/api/entries/",
        {**NEW_ENTRY, "confirmed": [confirmed], "denied": [denied]},
        content_type="application/json",
    ).json()
    assert body["confirmed"] == [confirmed] and body["denied"] == [denied]
    feedback = {
        f"{r['trigger_point']}:{r['side']}": r["feedback"] for r in body["results"]["results"]
    }
    assert feedback[confirmed] == "confirmed" and feedback[denied] == "denied"


def test_patching_the_notes_keeps_the_answers(alice_client: Client):
    key = temple_keys()[3]
    entry = alice_client.post(
        "/api/entries/", {**NEW_ENTRY, "confirmed": [key]}, content_type="application/json"
    ).json()
    body = alice_client.patch(
        f"/api/entries/{entry['id']}/", {"notes": "x"}, content_type="application/json"
    ).json()
    assert body["confirmed"] == [key] and body["results"] == entry["results"]


@pytest.mark.parametrize(
    "change",
    [
        {"confirmed": ["no-such-point"]},
        {"confirmed": "temporalis-1"},
        {"denied": [1]},
    ],
)
def test_the_api_refuses_bad_answers_naming_the_field_and_saves_nothing(
    alice_client: Client, change: dict
):
    response = alice_client.post(
        "/api/entries/", {**NEW_ENTRY, **change}, content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.json()) == list(change)
    assert not PainEntry.objects.exists()


def test_bob_never_sees_alices_answers(alice_client: Client, bob_client: Client):
    key = temple_keys()[3]
    entry = alice_client.post(
        "/api/entries/", {**NEW_ENTRY, "confirmed": [key]}, content_type="application/json"
    ).json()
    assert bob_client.get(f"/api/entries/{entry['id']}/").status_code == 404
    assert bob_client.get("/api/entries/").json()["results"] == []
