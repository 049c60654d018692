"""Every diary route, every verb: alice (owner) gets it, bob gets 404, anonymous is sent
to log in; every answer is no-store."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.diary.models import PainEntry

pytestmark = pytest.mark.django_db

OBJECT_ROUTES = ["diary:entry", "diary:edit", "diary:delete"]
VERBS = ["get", "post", "put", "patch", "delete"]


@pytest.mark.parametrize("route", OBJECT_ROUTES)
@pytest.mark.parametrize("verb", VERBS)
def test_another_users_entry_is_not_found_for_every_verb(
    alices_entry: PainEntry, bob_client: Client, route: str, verb: str
):
    response = getattr(bob_client, verb)(reverse(route, args=[alices_entry.pk]))
    assert response.status_code == 404
    assert PainEntry.objects.filter(pk=alices_entry.pk).count() == 1
    alices_entry.refresh_from_db()
    assert alices_entry.notes == "after a long drive"


@pytest.mark.parametrize("route", OBJECT_ROUTES)
@pytest.mark.parametrize("verb", VERBS)
def test_anonymous_visitors_are_sent_to_log_in_for_every_verb(
    alices_entry: PainEntry, client: Client, route: str, verb: str
):
    response = getattr(client, verb)(reverse(route, args=[alices_entry.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")
    assert PainEntry.objects.filter(pk=alices_entry.pk).exists()


@pytest.mark.parametrize("route", ["diary:timeline", "diary:new", "diary:start-from-last"])
def test_anonymous_visitors_are_sent_to_log_in_from_diary_pages(client: Client, route: str):
    response = client.get(reverse(route))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_the_owner_gets_every_entry_page(alices_entry: PainEntry, alice_client: Client, route: str):
    response = alice_client.get(reverse(route, args=[alices_entry.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("route", ["diary:timeline", "diary:new", "diary:start-from-last"])
def test_diary_pages_are_never_stored_in_a_cache(
    alices_entry: PainEntry, alice_client: Client, route: str
):
    response = alice_client.get(reverse(route))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_diary_forms_need_a_csrf_token(alices_entry: PainEntry, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("diary:delete", args=[alices_entry.pk]))
    assert response.status_code == 403
    assert PainEntry.objects.filter(pk=alices_entry.pk).exists()
