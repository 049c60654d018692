"""django-axes guards the admin log-in as well as the site's own."""

import pytest
from django.test import Client

from apps.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "the-real-admin-passphrase-7"


def test_thirty_wrong_admin_passwords_then_the_right_one_is_refused(client: Client):
    User.objects.create_superuser("admin", email="admin@example.org", password=PASSWORD)
    for attempt in range(30):
        client.post("/admin/login/", {"username": "admin", "password": f"guess-{attempt}"})

    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the log-in page


def test_the_right_admin_password_works_without_earlier_failures(client: Client):
    User.objects.create_superuser("admin", email="admin@example.org", password=PASSWORD)
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
