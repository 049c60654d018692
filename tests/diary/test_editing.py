"""Changing a saved entry's map on the body chart, changing and deleting a treatment, and
“I treated this” on the result cards."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.diary.models import PainEntry, Treatment
from tests.diary.conftest import TEMPLE
from tests.diary.test_entries import entry_form
from tests.diary.test_treatments import log, log_form

pytestmark = pytest.mark.django_db

NECK = {"regions": "neck-back-l", "intensity-neck-back-l": "3", "pain-neck-back-l": "on_movement"}


def test_changing_the_map_opens_the_chart_marked_as_the_entry(
    alices_entry: PainEntry, alice_client: Client
):
    response = alice_client.get(reverse("diary:edit-map", args=[alices_entry.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'value="temple-r" id="pick-temple-r" checked' in html
    assert 'value="neck-back-r" id="pick-neck-back-r" checked' in html


def test_a_changed_map_replaces_the_entrys_map_and_results_after_saving(
    alices_entry: PainEntry, alice_client: Client
):
    alice_client.get(reverse("diary:edit-map", args=[alices_entry.pk]))
    results = alice_client.post(reverse("matching:assessment"), NECK).content.decode()
    assert "Save as the new map of the entry I am changing" in results
    assert "Save as a new entry" in results
    response = alice_client.post(reverse("diary:save"), {**NECK, "into": str(alices_entry.pk)})
    assert response["Location"] == reverse("diary:edit", args=[alices_entry.pk])
    page = alice_client.get(response["Location"]).content.decode()
    assert "This is the new map" in page
    assert "Left back of the neck: 3/10" in page
    alices_entry.refresh_from_db()
    assert alices_entry.marks[0]["region"] == "temple-r"  # nothing saved yet
    saved = alice_client.post(response["Location"], entry_form(notes="neck only now"))
    assert saved.status_code == 302
    alices_entry.refresh_from_db()
    assert alices_entry.marks == [{"region": "neck-back-l", "intensity": 3, "pain": "on_movement"}]
    assert alices_entry.notes == "neck only now"
    assert PainEntry.objects.count() == 1
    assert all(r["trigger_point"] for r in alices_entry.results["results"])


def test_save_as_a_new_entry_while_changing_a_map_leaves_the_old_entry_alone(
    alices_entry: PainEntry, alice_client: Client
):
    alice_client.get(reverse("diary:edit-map", args=[alices_entry.pk]))
    response = alice_client.post(reverse("diary:save"), NECK)
    assert response["Location"] == reverse("diary:new")
    alice_client.post(reverse("diary:new"), entry_form())
    assert PainEntry.objects.count() == 2
    alices_entry.refresh_from_db()
    assert alices_entry.marks[0]["region"] == "temple-r"


def test_bob_cannot_send_a_map_into_alices_entry(
    alices_entry: PainEntry, bob_client: Client, alice_client: Client
):
    assert bob_client.get(reverse("diary:edit-map", args=[alices_entry.pk])).status_code == 404
    response = bob_client.post(reverse("diary:save"), {**NECK, "into": str(alices_entry.pk)})
    assert response["Location"] == reverse("diary:new")
    assert bob_client.get(reverse("diary:edit", args=[alices_entry.pk])).status_code == 404
    alices_entry.refresh_from_db()
    assert alices_entry.marks[0]["region"] == "temple-r"


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_another_users_entry_map_is_not_found_for_every_verb(
    alices_entry: PainEntry, bob_client: Client, verb: str
):
    response = getattr(bob_client, verb)(reverse("diary:edit-map", args=[alices_entry.pk]))
    assert response.status_code == 404


# Treatments -------------------------------------------------------------------------------


def test_changing_a_treatment_saves_the_new_values(alice: User, alice_client: Client):
    treatment = log(alice, "temporalis-1", "sustained-pressure", 6, 3)
    url = reverse("diary:treatment-edit", args=[treatment.pk])
    page = alice_client.get(url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert '<option value="temporalis-1" selected' in page.content.decode()
    response = alice_client.post(url, log_form(minutes="12", pain_after="2"))
    assert response.status_code == 302
    treatment.refresh_from_db()
    assert (treatment.minutes, treatment.pain_after) == (12, 2)


def test_a_bad_change_names_the_field_and_saves_nothing(alice: User, alice_client: Client):
    treatment = log(alice, "temporalis-1", "sustained-pressure", 6, 3)
    response = alice_client.post(
        reverse("diary:treatment-edit", args=[treatment.pk]), log_form(minutes="500")
    )
    assert response.status_code == 400
    assert 'value="500"' in response.content.decode()
    treatment.refresh_from_db()
    assert treatment.minutes == 5


def test_deleting_a_treatment_asks_first(alice: User, alice_client: Client):
    treatment = log(alice, "temporalis-1", "sustained-pressure", 6, 3)
    url = reverse("diary:treatment-delete", args=[treatment.pk])
    assert "Delete this treatment?" in alice_client.get(url).content.decode()
    assert Treatment.objects.exists()
    assert alice_client.post(url).status_code == 302
    assert not Treatment.objects.exists()


@pytest.mark.parametrize("route", ["diary:treatment-edit", "diary:treatment-delete"])
@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_another_users_treatment_is_not_found_for_every_verb(
    alice: User, bob_client: Client, route: str, verb: str
):
    treatment = log(alice, "temporalis-1", "sustained-pressure", 6, 3)
    response = getattr(bob_client, verb)(reverse(route, args=[treatment.pk]), log_form(minutes="9"))
    assert response.status_code == 404
    treatment.refresh_from_db()
    assert treatment.minutes == 5


@pytest.mark.parametrize("route", ["diary:treatment-edit", "diary:treatment-delete"])
def test_anonymous_visitors_are_sent_to_log_in_from_treatment_pages(
    alice: User, client: Client, route: str
):
    treatment = log(alice, "temporalis-1", "sustained-pressure", 6, 3)
    response = client.post(reverse(route, args=[treatment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")
    assert Treatment.objects.filter(pk=treatment.pk).exists()


# “I treated this” on the result cards ----------------------------------------------------


def test_result_cards_offer_i_treated_this_to_signed_in_users_only(
    client: Client, alice_client: Client
):
    assert (
        "I treated this" not in client.post(reverse("matching:assessment"), TEMPLE).content.decode()
    )
    html = alice_client.post(reverse("matching:assessment"), TEMPLE).content.decode()
    assert html.count('form="treated-this"') >= 1
    assert 'id="treated-this"' in html


def test_i_treated_this_fills_in_the_trigger_point_and_side(alice_client: Client):
    response = alice_client.post(
        reverse("diary:treatments"), {"prefill": "1", "pick": "temporalis-1:r"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="temporalis-1" selected' in html
    assert re.search(r'name="side" value="r"[^>]* checked', html)
    assert not Treatment.objects.exists()
