"""“Delete my account” (page and DELETE /api/me/): after the password, the user and every
row of theirs, in every table, are gone in one transaction; nobody else's."""

import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import models
from django.test import Client

from apps.accounts.models import User
from apps.diary.models import PainEntry
from apps.portability import erasure
from tests.portability.conftest import PASSWORD, fill_diary

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def rows_mentioning(user_id: int, username: str) -> list[str]:
    """Every row in any table that refers to the user (a foreign key to them, their
    username, or a session signed in as them)."""
    found = []
    for model in apps.get_models():
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(field, models.ForeignKey) and field.related_model is User:
                    if value == user_id:
                        found.append(f"{model._meta.label} {row.pk}")
                elif isinstance(value, str) and username in value:
                    found.append(f"{model._meta.label} {row.pk} {field.name}")
        if model is Session:
            for session in Session.objects.all():
                if str(session.get_decoded().get(SESSION_KEY)) == str(user_id):
                    found.append(f"session {session.pk}")
    return found


@pytest.fixture
def bob_only(bob: User) -> dict[str, int]:
    """Bob's diary and log-in records, and the row count of every table before Alice."""
    fill_diary(bob, "bob")
    AccessAttempt.objects.create(username="bob", ip_address="10.0.0.2", failures_since_start=1)
    return row_counts()


@pytest.fixture
def alice_everywhere(bob_only: dict[str, int]) -> tuple[User, Client]:
    alice = User.objects.create_user(username="alicewonder", password=PASSWORD)
    fill_diary(alice, "alicewonder")
    AccessAttempt.objects.create(
        username="alicewonder", ip_address="10.0.0.1", failures_since_start=2
    )
    AccessLog.objects.create(username="alicewonder", ip_address="10.0.0.1")
    phone = Client()
    phone.force_login(alice)  # a second session, on another device
    client = Client()
    client.force_login(alice)
    return alice, client


def test_deleting_my_account_leaves_no_row_of_mine_in_any_table(
    alice_everywhere: tuple[User, Client], bob_only: dict[str, int]
):
    alice, client = alice_everywhere
    assert rows_mentioning(alice.pk, "alicewonder")
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 200
    assert "Your account has been erased" in response.content.decode()
    assert rows_mentioning(alice.pk, "alicewonder") == []
    after = row_counts()
    assert {k: v for k, v in after.items() if k != "sessions.Session"} == {
        k: v for k, v in bob_only.items() if k != "sessions.Session"
    }
    assert PainEntry.objects.filter(owner__username="bob").count() == 2
    assert AccessAttempt.objects.filter(username="bob").exists()


def test_a_wrong_password_deletes_nothing_and_names_the_field(
    alice_everywhere: tuple[User, Client],
):
    alice, client = alice_everywhere
    before = row_counts()
    response = client.post("/account/delete/", {"password": "not-my-password"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    assert 'id="id_password_error"' in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
    assert PainEntry.objects.filter(owner=alice).count() == before["diary.PainEntry"] // 2


def test_the_delete_page_asks_for_the_password(alice_everywhere: tuple[User, Client]):
    _, client = alice_everywhere
    response = client.get("/account/delete/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'autocomplete="current-password"' in response.content.decode()


def test_the_delete_page_is_only_for_signed_in_users(client: Client):
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")


def send_delete(client: Client, body: object):
    return client.delete("/api/me/", json.dumps(body), content_type="application/json")


def test_the_api_erases_the_account_after_the_password(
    alice_everywhere: tuple[User, Client],
):
    alice, client = alice_everywhere
    response = send_delete(client, {"password": PASSWORD})
    assert response.status_code == 204
    assert rows_mentioning(alice.pk, "alicewonder") == []
    assert client.get("/api/export/").status_code == 403, "logged out"


@pytest.mark.parametrize("body", [{"password": "wrong"}, {}, {"password": 12}, [PASSWORD]])
def test_the_api_refuses_a_wrong_password_naming_the_field(
    alice_everywhere: tuple[User, Client], body: object
):
    alice, client = alice_everywhere
    response = send_delete(client, body)
    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert User.objects.filter(pk=alice.pk).exists()


def test_wrong_passwords_count_towards_the_log_in_lock_out(
    alice_everywhere: tuple[User, Client],
):
    alice, client = alice_everywhere
    for _ in range(5):
        send_delete(client, {"password": "wrong"})
    response = send_delete(client, {"password": PASSWORD})
    assert response.status_code == 429  # locked out, as on the log-in page
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_api_needs_a_signed_in_user_and_a_csrf_token(alice_everywhere: tuple[User, Client]):
    alice, _ = alice_everywhere
    assert send_delete(Client(), {"password": PASSWORD}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert send_delete(strict, {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=alice.pk).exists()


@pytest.mark.parametrize(
    ("url", "verbs"),
    [("/api/me/", ["get", "post", "put", "patch"]), ("/api/export/", ["post", "put", "delete"])],
)
def test_other_verbs_are_405(alice_client: Client, url: str, verbs: list[str]):
    for verb in verbs:
        assert getattr(alice_client, verb)(url).status_code == 405


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_anonymous_callers_get_403_from_the_api(client: Client, verb: str):
    for url in ("/api/me/", "/api/export/?format=json"):
        assert getattr(client, verb)(url).status_code == 403


def test_erasure_is_one_transaction(alice_everywhere: tuple[User, Client], monkeypatch):
    alice, _ = alice_everywhere

    def broken_delete(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(User, "delete", broken_delete)
    with pytest.raises(RuntimeError):
        erasure.erase_account(alice)
    assert AccessAttempt.objects.filter(username="alicewonder").exists()
    assert serializers.serialize("json", PainEntry.objects.filter(owner=alice)).count('"pk"') == 2


def test_every_model_with_a_key_to_the_user_is_one_the_export_knows():
    """A new model that belongs to a user must join the export, import and erasure."""
    from apps.portability.exporting import OWNED_MODELS

    holding = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("apps.")
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    }
    assert holding == set(OWNED_MODELS)
