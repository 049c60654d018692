from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import User
from apps.diary import services
from apps.diary.models import PainEntry, Treatment
from tests.diary.conftest import make_entry

pytestmark = pytest.mark.django_db

ENTRY_KEYS = {
    "id",
    "confirmed",
    "denied",
    "felt_at",
    "recorded_at",
    "marks",
    "symptoms",
    "overall_pain",
    "notes",
    "results",
}
TREATMENT_KEYS = {
    "id",
    "trigger_point",
    "side",
    "technique",
    "minutes",
    "pain_before",
    "pain_after",
    "done_at",
    "entry",
}
NEW_ENTRY = {
    "marks": [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}],
    "symptoms": [],
    "overall_pain": 6,
    "notes": "after a long drive",
}
NEW_TREATMENT = {
    "trigger_point": "temporalis-1",
    "side": "r",
    "technique": "sustained-pressure",
    "minutes": 5,
    "pain_before": 6,
    "pain_after": 3,
}


def post(client: Client, url: str, data: object) -> object:
    return client.post(url, data, content_type="application/json")


def test_creating_an_entry_saves_it_with_the_results_as_matched(alice: User, alice_client: Client):
    response = post(alice_client, "/api/entries/", NEW_ENTRY)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == ENTRY_KEYS
    assert body["marks"] == NEW_ENTRY["marks"]
    assert body["results"]["results"][0]["trigger_point"]
    entry = PainEntry.objects.get(owner=alice)
    assert entry.notes == "after a long drive"
    assert abs(entry.felt_at - timezone.now()) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"marks": [{"region": "nowhere", "intensity": 7, "pain": "spontaneous"}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": 11, "pain": "spontaneous"}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": 0, "pain": "spontaneous"}]}, "marks"),
        ({"marks": [{"region": "temple-r", "intensity": 5, "pain": "sometimes"}]}, "marks"),
        ({"felt_at": "2999-01-01T00:00:00Z"}, "felt_at"),
        ({"felt_at": "yesterday"}, "felt_at"),
        ({"notes": "x" * 2001}, "notes"),
        ({"overall_pain": 11}, "overall_pain"),
        ({"overall_pain": None}, "overall_pain"),
        ({"overall_pain": True}, "overall_pain"),
        ({"symptoms": ["not-a-symptom"]}, "symptoms"),
    ],
)
def test_bad_entries_are_refused_naming_the_field_and_nothing_is_saved(
    alice_client: Client, change: dict, field: str
):
    response = post(alice_client, "/api/entries/", {**NEW_ENTRY, **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not PainEntry.objects.exists()


def test_a_bad_intensity_names_the_mark_and_its_part(alice_client: Client):
    bad = {"marks": [{"region": "temple-r", "intensity": 11, "pain": "spontaneous"}]}
    response = post(alice_client, "/api/entries/", {**NEW_ENTRY, **bad})
    assert list(response.json()["marks"]["0"]) == ["intensity"]


def test_the_list_shows_only_my_entries_newest_first_paginated(
    alice: User, bob: User, alice_client: Client
):
    for hours in range(22):
        make_entry(alice, hours_ago=hours + 1, overall_pain=hours % 11)
    make_entry(bob, notes="bob's own")
    body = alice_client.get("/api/entries/").json()
    assert body["count"] == 22
    assert len(body["results"]) == 20
    assert body["next"]
    felt = [item["felt_at"] for item in body["results"]]
    assert felt == sorted(felt, reverse=True)
    assert all(set(item) == ENTRY_KEYS for item in body["results"])
    page_two = alice_client.get("/api/entries/", {"page": 2}).json()
    assert len(page_two["results"]) == 2
    assert "bob's own" not in str(body) + str(page_two)


def test_changing_an_entry_keeps_the_results_as_shown_unless_the_map_changes(
    alices_entry: PainEntry, alice_client: Client
):
    url = f"/api/entries/{alices_entry.pk}/"
    before = alices_entry.results
    response = alice_client.patch(url, {"notes": "better"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["notes"] == "better"
    assert response.json()["results"] == before
    neck = {"marks": [{"region": "neck-back-l", "intensity": 3, "pain": "on_pressure"}]}
    changed = alice_client.patch(url, neck, content_type="application/json").json()
    assert changed["marks"] == neck["marks"]
    assert changed["results"] != before


def test_replacing_an_entry_needs_its_overall_pain(alices_entry: PainEntry, alice_client: Client):
    url = f"/api/entries/{alices_entry.pk}/"
    response = alice_client.put(url, {"notes": "only notes"}, content_type="application/json")
    assert response.status_code == 400
    assert "overall_pain" in response.json()
    alices_entry.refresh_from_db()
    assert alices_entry.notes == "after a long drive"


def test_deleting_an_entry(alices_entry: PainEntry, alice_client: Client):
    assert alice_client.delete(f"/api/entries/{alices_entry.pk}/").status_code == 204
    assert not PainEntry.objects.exists()


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_another_users_entry_is_not_found_for_every_verb(
    alices_entry: PainEntry, bob_client: Client, verb: str
):
    response = getattr(bob_client, verb)(
        f"/api/entries/{alices_entry.pk}/", {"notes": "bob"}, content_type="application/json"
    )
    assert response.status_code == 404
    alices_entry.refresh_from_db()
    assert alices_entry.notes == "after a long drive"


@pytest.mark.parametrize("url", ["/api/entries/", "/api/treatments/"])
@pytest.mark.parametrize("verb", ["get", "post"])
def test_anonymous_callers_are_refused_the_lists(client: Client, url: str, verb: str):
    response = getattr(client, verb)(url, NEW_ENTRY, content_type="application/json")
    assert response.status_code == 403
    assert not PainEntry.objects.exists()


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_anonymous_callers_are_refused_an_entry_for_every_verb(
    alices_entry: PainEntry, client: Client, verb: str
):
    response = getattr(client, verb)(
        f"/api/entries/{alices_entry.pk}/", {"notes": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert PainEntry.objects.filter(notes="after a long drive").exists()


def test_writes_need_the_csrf_token(alice: User):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert post(client, "/api/entries/", NEW_ENTRY).status_code == 403
    assert not PainEntry.objects.exists()


@pytest.mark.parametrize("url", ["/api/entries/", "/api/treatments/"])
def test_diary_api_answers_are_never_cached(alice_client: Client, url: str):
    assert "no-store" in alice_client.get(url)["Cache-Control"]


def list_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_entry_list_runs_as_many_queries_for_1_entry_as_for_500(
    alice: User, alice_client: Client
):
    template = make_entry(alice)
    one = list_queries(alice_client, "/api/entries/")
    services.store_entries(
        [
            PainEntry(
                owner=alice,
                felt_at=template.felt_at - timedelta(hours=n),
                marks=template.marks,
                overall_pain=4,
                results=template.results,
            )
            for n in range(1, 500)
        ]
    )
    assert list_queries(alice_client, "/api/entries/") == one


def test_the_treatment_list_runs_as_many_queries_for_1_as_for_500(
    alice: User, alice_client: Client
):
    post(alice_client, "/api/treatments/", NEW_TREATMENT)
    one = list_queries(alice_client, "/api/treatments/")
    Treatment.objects.bulk_create(
        Treatment(
            owner=alice,
            trigger_point="temporalis-1",
            side="r",
            technique="heat",
            minutes=5,
            pain_before=5,
            pain_after=4,
        )
        for _ in range(499)
    )
    assert list_queries(alice_client, "/api/treatments/") == one


def test_logging_a_treatment(alice: User, alices_entry: PainEntry, alice_client: Client):
    response = post(alice_client, "/api/treatments/", {**NEW_TREATMENT, "entry": alices_entry.pk})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == TREATMENT_KEYS
    assert body["entry"] == alices_entry.pk
    assert Treatment.objects.get(owner=alice).pain_after == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"trigger_point": "no-such-point"}, "trigger_point"),
        ({"technique": "no-such-technique"}, "technique"),
        ({"side": "x"}, "side"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 241}, "minutes"),
        ({"pain_before": 11}, "pain_before"),
        ({"pain_after": -1}, "pain_after"),
        ({"done_at": "2999-01-01T00:00:00Z"}, "done_at"),
    ],
)
def test_bad_treatments_are_refused_naming_the_field(
    alice_client: Client, change: dict, field: str
):
    response = post(alice_client, "/api/treatments/", {**NEW_TREATMENT, **change})
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Treatment.objects.exists()


def test_a_treatment_cannot_point_at_someone_elses_entry(bob: User, alice_client: Client):
    bobs = make_entry(bob)
    response = post(alice_client, "/api/treatments/", {**NEW_TREATMENT, "entry": bobs.pk})
    assert response.status_code == 400
    assert "entry" in response.json()
    assert not Treatment.objects.exists()


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_another_users_treatment_is_not_found_for_every_verb(
    alice_client: Client, bob_client: Client, verb: str
):
    made = post(alice_client, "/api/treatments/", NEW_TREATMENT).json()
    response = getattr(bob_client, verb)(
        f"/api/treatments/{made['id']}/", {"minutes": 9}, content_type="application/json"
    )
    assert response.status_code == 404
    assert Treatment.objects.get().minutes == 5


def test_changing_and_deleting_my_treatment(alice_client: Client):
    made = post(alice_client, "/api/treatments/", NEW_TREATMENT).json()
    url = f"/api/treatments/{made['id']}/"
    changed = alice_client.patch(url, {"minutes": 9}, content_type="application/json")
    assert changed.json()["minutes"] == 9
    assert alice_client.delete(url).status_code == 204
    assert not Treatment.objects.exists()


def test_the_schema_documents_the_diary_api(client: Client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/entries/",
        "/api/entries/{id}/",
        "/api/treatments/",
        "/api/treatments/{id}/",
    ):
        assert f"{path}:" in schema
