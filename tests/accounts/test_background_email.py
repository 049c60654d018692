"""Password-reset e-mail goes through Django's tasks framework: queued in the request,
sent by the worker (the database backend, as in production)."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from apps.accounts.emails import enqueue_email
from apps.accounts.models import User

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_reset_request_is_queued_and_the_worker_sends_the_email(client: Client):
    User.objects.create_user("alice", email="alice@example.org", password="a-long-passphrase")
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    # Nothing is sent inside the request: the message waits in the queue.
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert "alice@example.org" not in reverse("accounts:password_reset")

    run_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert re.search(r"/account/password/reset/\S+/\S+/", mail.outbox[0].body)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_share_notice_waits_for_the_worker_too():
    enqueue_email("Someone shared a report\nwith you", "Open it here.", ["bob@example.org"])
    assert mail.outbox == []
    run_worker()
    assert [message.subject for message in mail.outbox] == ["Someone shared a report with you"]


@pytest.mark.django_db
def test_in_development_and_tests_the_email_is_sent_at_once(client: Client):
    User.objects.create_user("bob", email="bob@example.org", password="a-long-passphrase")
    client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})
    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.exists()
