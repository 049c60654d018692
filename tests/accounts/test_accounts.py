import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User

pytestmark = pytest.mark.django_db

STRONG = "correct-horse-battery-41"


def make_user(username: str = "alice", password: str = STRONG, **extra: str) -> User:
    return User.objects.create_user(username=username, password=password, **extra)


def test_the_user_model_is_the_projects_own():
    assert get_user_model() is User
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_passwords_are_stored_with_argon2():
    user = make_user()
    assert user.password.startswith("argon2$")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_signing_up_creates_the_account_signs_in_and_goes_on_to_next(client: Client):
    response = client.post(
        reverse("accounts:sign-up"),
        {
            "username": "alice",
            "email": "",
            "password1": STRONG,
            "password2": STRONG,
            "next": "/muscles/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/muscles/"
    assert User.objects.filter(username="alice").exists()
    assert client.get(reverse("accounts:home")).status_code == 200


def test_signing_up_never_redirects_to_another_site(client: Client):
    response = client.post(
        reverse("accounts:sign-up"),
        {
            "username": "alice",
            "password1": STRONG,
            "password2": STRONG,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("accounts:home")


def test_a_weak_password_is_refused_naming_the_field_and_keeping_the_username(client: Client):
    response = client.post(
        reverse("accounts:sign-up"),
        {
            "username": "alice",
            "email": "a@example.org",
            "password1": "123456",
            "password2": "123456",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This password is too common" in html or "too short" in html
    assert 'value="alice"' in html
    assert 'value="a@example.org"' in html
    assert not User.objects.exists()


def test_forms_carry_the_autocomplete_hints_password_managers_use(client: Client):
    sign_up = client.get(reverse("accounts:sign-up")).content.decode()
    assert re.search(r'name="username"[^>]*autocomplete="username"', sign_up)
    assert re.search(r'name="email"[^>]*autocomplete="email"', sign_up)
    assert sign_up.count('autocomplete="new-password"') == 2
    login = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'name="username"[^>]*autocomplete="username"', login)
    assert 'autocomplete="current-password"' in login
    assert "onpaste" not in sign_up + login
    client.force_login(make_user())
    change = client.get(reverse("accounts:password_change")).content.decode()
    assert 'autocomplete="current-password"' in change
    assert change.count('autocomplete="new-password"') == 2


def test_logging_in_and_out(client: Client):
    make_user()
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": STRONG})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("accounts:home")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 302


def test_a_wrong_password_says_so_without_signing_in(client: Client):
    make_user()
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302


def test_changing_the_password(client: Client):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": STRONG,
            "new_password1": "another-long-phrase-7",
            "new_password2": "another-long-phrase-7",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("another-long-phrase-7")


def test_resetting_a_forgotten_password_by_email(client: Client):
    user = make_user(email="alice@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "fresh-long-phrase-9", "new_password2": "fresh-long-phrase-9"}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("fresh-long-phrase-9")


def test_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client: Client):
    response = client.post(reverse("accounts:password_reset"), {"email": "who@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def failed_login(client: Client, username: str, address: str, password: str = "wrong"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_repeated_wrong_passwords_lock_out_that_username_from_that_address_only(client: Client):
    make_user()
    make_user("bob")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert failed_login(client, "alice", "10.0.0.1").status_code == 200
    assert failed_login(client, "alice", "10.0.0.1").status_code == 429
    locked = failed_login(client, "alice", "10.0.0.1", STRONG)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # Same person, another address; another person, same address: both still get in.
    assert failed_login(Client(), "alice", "10.0.0.2", STRONG).status_code == 302
    assert failed_login(Client(), "bob", "10.0.0.1", STRONG).status_code == 302


def test_pages_that_need_an_account_send_anonymous_visitors_to_log_in(client: Client):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/muscles/",
        "/techniques/",
        "/account/log-in/",
        "/account/sign-up/",
        "/account/password/reset/",
        "/api/regions/",
        "/api/muscles/",
        "/api/trigger-points/",
        "/api/techniques/",
        "/api/health/",
        "/api/schema/",
        "/api/docs/",
        "/api/redoc/",
    ],
)
def test_public_pages_need_no_account(client: Client, url: str):
    assert client.get(url).status_code == 200


def test_the_chart_results_and_match_api_need_no_account(client: Client):
    mark = {"regions": "temple-r", "intensity-temple-r": "7", "pain-temple-r": "spontaneous"}
    assert client.post(reverse("matching:assessment"), mark).status_code == 200
    response = client.post(
        "/api/match/",
        {"marks": [{"region": "temple-r", "intensity": 7, "pain": "spontaneous"}]},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_the_header_offers_log_in_or_log_out(client: Client):
    assert "Log in" in client.get("/").content.decode()
    client.force_login(make_user())
    html = client.get("/").content.decode()
    assert "Log out" in html
    assert re.search(r'<form method="post" action="/account/log-out/"', html)


def test_setup_recreates_a_sqlite_database_made_before_the_custom_user(tmp_path: Path):
    database = tmp_path / "old.sqlite3"
    with sqlite3.connect(database) as old:
        old.execute(
            "CREATE TABLE django_migrations (id integer primary key, app varchar, "
            "name varchar, applied datetime)"
        )
        for app, name in [
            ("contenttypes", "0001_initial"),
            ("auth", "0001_initial"),
            ("admin", "0001_initial"),
        ]:
            old.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-01-01')",
                (app, name),
            )
    run = subprocess.run(
        [sys.executable, "manage.py", "setup_database"],
        cwd=settings.BASE_DIR,
        env={
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_READ_DOT_ENV": "false",
            "DEBUG": "true",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "predates the custom user model" in run.stdout
    assert (tmp_path / "old.sqlite3.before-accounts").exists()
    with sqlite3.connect(database) as fresh:
        tables = {row[0] for row in fresh.execute("SELECT name FROM sqlite_master")}
    assert "accounts_user" in tables


def test_a_request_that_needs_a_signed_in_user_refuses_an_anonymous_one():
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from apps.accounts.signed_in import signed_in_user

    with pytest.raises(PermissionDenied):
        signed_in_user(AnonymousUser())
    user = User(username="someone")
    assert signed_in_user(user) is user
