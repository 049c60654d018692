import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.diary import services
from apps.diary.models import PainEntry
from apps.knowledge.models import TriggerPoint
from tests.diary.conftest import TEMPLE, make_entry

pytestmark = pytest.mark.django_db


def entry_form(**overrides: str) -> dict[str, str]:
    form = {
        "felt_at": (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "overall_pain": "6",
        "notes": "stiff after work",
    }
    form.update(overrides)
    return form


def test_an_anonymous_user_saves_the_results_after_logging_in_without_re_entering_them(
    client: Client, alice: User
):
    response = client.post(reverse("diary:save"), TEMPLE)
    assert response.status_code == 302
    assert response["Location"] == "/account/log-in/?next=/diary/new/"
    assert "temple" not in response["Location"]
    client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": "correct-horse-battery-41"},
    )
    page = client.get(reverse("diary:new"))
    assert page.status_code == 200
    assert "Right temple: 7/10, hurts on its own" in page.content.decode()
    response = client.post(reverse("diary:new"), entry_form())
    entry = PainEntry.objects.get()
    assert response["Location"] == reverse("diary:entry", args=[entry.pk])
    assert entry.owner == alice
    assert entry.marks == [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}]
    assert entry.overall_pain == 6
    assert entry.notes == "stiff after work"
    assert entry.results["results"][0]["trigger_point"]
    assert entry.knowledge_digest and entry.engine_version
    # The waiting map is used once.
    assert "Right temple" not in client.get(reverse("diary:new")).content.decode()


def test_a_signed_in_user_goes_straight_to_the_entry_form(alice_client: Client):
    response = alice_client.post(reverse("diary:save"), TEMPLE)
    assert response["Location"] == reverse("diary:new")


def test_the_results_offer_save_to_my_diary(client: Client):
    html = client.post(reverse("matching:assessment"), TEMPLE).content.decode()
    assert re.search(r'<form method="post" action="/diary/save/"', html)
    assert "Save to my diary" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("overall_pain", "11", "Select a valid choice"),
        ("overall_pain", "", "This field is required"),
        ("felt_at", "", "This field is required"),
        ("notes", "x" * 2001, "at most 2000 characters"),
    ],
)
def test_bad_input_names_the_field_saves_nothing_and_keeps_what_was_typed(
    alice_client: Client, field: str, value: str, message: str
):
    alice_client.post(reverse("diary:save"), TEMPLE)
    form = entry_form(**{"notes": "kept text", field: value})
    response = alice_client.post(reverse("diary:new"), form)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert re.search(rf'class="form-field form-field--error">.*?name="{field}"', html, re.S)
    assert ("kept text" if field != "notes" else "x" * 2001) in html
    assert not PainEntry.objects.exists()


def test_a_time_in_the_future_is_refused(alice_client: Client):
    later = (timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = alice_client.post(reverse("diary:new"), entry_form(felt_at=later))
    assert response.status_code == 400
    assert "This is in the future" in response.content.decode()
    assert not PainEntry.objects.exists()


def test_an_entry_without_a_map_records_overall_pain_only(alice_client: Client):
    response = alice_client.post(reverse("diary:new"), entry_form(overall_pain="0"))
    entry = PainEntry.objects.get()
    assert response.status_code == 302
    assert entry.marks == []
    assert entry.overall_pain == 0


def test_several_entries_a_day_are_kept(alice: User, alice_client: Client):
    for _ in range(3):
        alice_client.post(reverse("diary:new"), entry_form())
    assert PainEntry.objects.filter(owner=alice).count() == 3


def test_the_timeline_shows_my_entries_newest_first_and_never_anyone_elses(
    alice: User, bob: User, alice_client: Client
):
    make_entry(alice, hours_ago=30, overall_pain=3)
    make_entry(alice, hours_ago=2, overall_pain=8)
    make_entry(bob, hours_ago=1, overall_pain=1)
    html = alice_client.get(reverse("diary:timeline")).content.decode()
    assert html.index("8/10") < html.index("3/10")
    assert "1/10" not in html
    assert "2 entries" in html
    assert "Burden" in html


def test_the_timeline_is_paginated(alice: User, alice_client: Client):
    for hours in range(25):
        make_entry(alice, hours_ago=hours + 1)
    first = alice_client.get(reverse("diary:timeline")).content.decode()
    second = alice_client.get(reverse("diary:timeline"), {"page": 2}).content.decode()
    assert first.count('class="timeline-entry"') == 20
    assert second.count('class="timeline-entry"') == 5
    assert "Page 2 of 2" in second


def test_an_entry_shows_its_map_notes_and_results_as_they_were(
    alices_entry: PainEntry, alice_client: Client
):
    html = alice_client.get(reverse("diary:entry", args=[alices_entry.pk])).content.decode()
    assert "after a long drive" in html
    assert "Right temple: 7/10" in html
    assert "Results as they were shown" in html
    assert alices_entry.results["results"][0]["muscle_name"] in html


def test_results_stay_readable_when_the_knowledge_base_loses_a_trigger_point(
    alices_entry: PainEntry, alice_client: Client
):
    first = alices_entry.results["results"][0]
    TriggerPoint.objects.filter(slug=first["trigger_point"]).delete()
    alices_entry.refresh_from_db()
    html = alice_client.get(reverse("diary:entry", args=[alices_entry.pk])).content.decode()
    assert first["muscle_name"] in html
    assert f"/trigger-points/{first['trigger_point']}/" not in html


def test_editing_notes_keeps_the_results_as_they_were(
    alices_entry: PainEntry, alice_client: Client
):
    alices_entry.results = {"results": [], "red_flags": [], "marker": "as shown then"}
    alices_entry.save()
    response = alice_client.post(
        reverse("diary:edit", args=[alices_entry.pk]),
        entry_form(notes="better after stretching", overall_pain="3"),
    )
    assert response.status_code == 302
    alices_entry.refresh_from_db()
    assert alices_entry.notes == "better after stretching"
    assert alices_entry.overall_pain == 3
    assert alices_entry.results["marker"] == "as shown then"


def test_deleting_asks_first_then_deletes(alices_entry: PainEntry, alice_client: Client):
    url = reverse("diary:delete", args=[alices_entry.pk])
    assert "Delete this entry?" in alice_client.get(url).content.decode()
    assert PainEntry.objects.filter(pk=alices_entry.pk).exists()
    assert alice_client.post(url)["Location"] == reverse("diary:timeline")
    assert not PainEntry.objects.filter(pk=alices_entry.pk).exists()


def test_start_from_my_last_map_opens_the_chart_already_marked(alice: User, alice_client: Client):
    make_entry(alice)
    html = alice_client.get(reverse("diary:start-from-last")).content.decode()
    assert re.search(r'value="temple-r" id="pick-temple-r" checked', html)
    assert re.search(r'value="neck-back-r" id="pick-neck-back-r" checked', html)
    assert re.search(r'name="pain-neck-back-r" value="on_pressure"[^>]*checked', html)


def test_reloading_the_knowledge_base_keeps_every_diary_entry(alices_entry: PainEntry):
    from django.core.management import call_command

    call_command("load_knowledge")
    call_command("load_regions")
    assert PainEntry.objects.filter(pk=alices_entry.pk).exists()


def timeline_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("diary:timeline")).status_code == 200
    return len(queries)


def test_the_timeline_runs_as_many_queries_for_1_entry_as_for_500(
    alice: User, alice_client: Client
):
    make_entry(alice)
    one = timeline_queries(alice_client)
    template = PainEntry.objects.get()
    services.store_entries(
        [
            PainEntry(
                owner=alice,
                felt_at=template.felt_at - timedelta(hours=n),
                marks=template.marks,
                overall_pain=5,
                results=template.results,
            )
            for n in range(1, 500)
        ]
    )
    assert timeline_queries(alice_client) == one


def test_diary_times_are_read_and_shown_in_my_time_zone(alice: User, alice_client: Client):
    response = alice_client.post(reverse("accounts:home"), {"time_zone": "Australia/Sydney"})
    assert response.status_code == 302
    alice_client.post(
        reverse("diary:new"), entry_form(felt_at="2026-01-10T23:00", overall_pain="4")
    )
    entry = PainEntry.objects.get()
    assert entry.felt_at.astimezone(timezone.UTC).strftime("%Y-%m-%d %H:%M") == "2026-01-10 12:00"
    html = alice_client.get(reverse("diary:timeline")).content.decode()
    assert "Sat 10 Jan 2026, 23:00" in html


def test_an_unknown_time_zone_is_refused(alice: User, alice_client: Client):
    response = alice_client.post(reverse("accounts:home"), {"time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.time_zone == "UTC"
