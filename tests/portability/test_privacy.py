"""Every route of this app in the two-user matrix. None names an object, so there is no
other user's object to ask for: bob, asking the same URL, gets only his own (empty) data;
anonymous visitors are sent to log in (pages) or refused (API, 403); other verbs are 405;
every answer is no-store."""

import pytest
from django.test import Client

from apps.accounts.models import User

pytestmark = pytest.mark.django_db

# (URL, the verbs it answers, kind)
ROUTES = [
    ("/api/export/?format=json", {"get"}, "api"),
    ("/api/me/", {"delete"}, "api"),
    ("/account/import/", {"get", "post"}, "page"),
    ("/account/delete/", {"get", "post"}, "page"),
]
VERBS = ["get", "post", "put", "patch", "delete"]


@pytest.mark.parametrize(("url", "verbs", "kind"), ROUTES)
@pytest.mark.parametrize("verb", VERBS)
def test_anonymous_visitors_get_nothing(client: Client, url: str, verbs, kind: str, verb: str):
    response = getattr(client, verb)(url)
    if kind == "api":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/account/log-in/")


@pytest.mark.parametrize(
    ("url", "verb"),
    [(url, verb) for url, verbs, _ in ROUTES for verb in VERBS if verb not in verbs],
)
def test_verbs_a_route_does_not_answer_are_405_and_change_nothing(
    alices_diary: User, alice_client: Client, url: str, verb: str
):
    response = getattr(alice_client, verb)(url)
    assert response.status_code == 405
    assert User.objects.filter(pk=alices_diary.pk).exists()


@pytest.mark.parametrize(
    "url", ["/api/export/?format=json", "/account/import/", "/account/delete/"]
)
def test_the_owner_gets_each_page_never_cached_and_bob_sees_none_of_alices_data(
    alices_diary: User, alice_client: Client, bob_client: Client, url: str
):
    mine = alice_client.get(url)
    assert mine.status_code == 200
    assert "no-store" in mine["Cache-Control"]
    theirs = bob_client.get(url)
    assert theirs.status_code == 200
    body = b"".join(theirs.streaming_content) if theirs.streaming else theirs.content
    assert b"alice" not in body
