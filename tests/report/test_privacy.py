"""Every report route in the two-user matrix: alice (owner) 200, bob 404, anonymous sent
to log in, wrong verb 405; and the public pages."""

import io
from datetime import date

import pytest
from django.test import Client
from PIL import Image

from apps.bodymap.chart import intensity_fill
from apps.diary.models import PainEntry
from apps.report import services
from apps.report.models import Share

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_share(alice) -> Share:
    choice = services.default_choice(date(2026, 6, 1))
    return services.create_share(alice, "Sam", 14, choice)[0]


OWNER_PAGES = ["/report/", "/report/shares/"]


@pytest.mark.parametrize("url", OWNER_PAGES)
def test_report_pages_are_the_owners_and_never_cached(alice_client: Client, url: str):
    response = alice_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", OWNER_PAGES)
@pytest.mark.parametrize("verb", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, url: str, verb: str):
    response = getattr(client, verb)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")


@pytest.mark.parametrize("url", OWNER_PAGES)
@pytest.mark.parametrize("verb", ["put", "patch", "delete"])
def test_report_pages_answer_405_to_other_verbs(alice_client: Client, url: str, verb: str):
    assert getattr(alice_client, verb)(url).status_code == 405


def entry_png(entry: PainEntry) -> str:
    return f"/report/entries/{entry.pk}/chart.png"


def test_the_owner_gets_the_png_of_an_entry_chart(alices_entry: PainEntry, alice_client):
    response = alice_client.get(entry_png(alices_entry))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.width == 640


def test_the_png_draws_a_right_side_mark_on_the_left_of_the_front_figure(
    alices_entry: PainEntry, alice_client
):
    """alice marked the right temple at 7: the front figure (left half of the picture)
    shows the patient's right on the viewer's left."""
    image = Image.open(io.BytesIO(alice_client.get(entry_png(alices_entry)).content)).convert("RGB")
    fill = tuple(int(intensity_fill(7)[i : i + 2], 16) for i in (1, 3, 5))
    front_width = image.width // 2
    xs = [
        x
        for x in range(front_width)
        for y in range(0, image.height // 4)
        if all(abs(a - b) < 12 for a, b in zip(image.getpixel((x, y)), fill, strict=True))
    ]
    assert xs, "the marked temple is drawn"
    assert max(xs) < front_width / 2


def test_the_entry_page_links_to_its_png(alices_entry: PainEntry, alice_client):
    html = alice_client.get(f"/diary/{alices_entry.pk}/").content.decode()
    assert f'href="{entry_png(alices_entry)}"' in html


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_another_users_png_is_not_found(alices_entry: PainEntry, bob_client, verb: str):
    assert getattr(bob_client, verb)(entry_png(alices_entry)).status_code == 404


@pytest.mark.parametrize("verb", ["get", "post"])
def test_anonymous_visitors_get_no_png(alices_entry: PainEntry, client, verb: str):
    response = getattr(client, verb)(entry_png(alices_entry))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")


@pytest.mark.parametrize("verb", ["post", "put", "patch", "delete"])
def test_the_png_answers_405_to_other_verbs(alices_entry: PainEntry, alice_client, verb: str):
    assert getattr(alice_client, verb)(entry_png(alices_entry)).status_code == 405


def test_revoking_is_the_owners_alone(alices_share: Share, alice_client, bob_client, client):
    url = f"/report/shares/{alices_share.pk}/revoke/"
    assert bob_client.post(url).status_code == 404
    assert client.post(url).status_code == 302  # to log in
    assert alice_client.put(url).status_code == 405
    alices_share.refresh_from_db()
    assert alices_share.revoked_at is None
    assert alice_client.post(url).status_code == 302
    alices_share.refresh_from_db()
    assert alices_share.revoked_at is not None


def test_finding_a_therapist_is_public_and_cites_its_sources(client):
    response = client.get("/finding-a-therapist/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "What to ask before booking" in html
    assert "dry needling" in html and "Sources" in html
    assert "doi.org/10.1093/pm/pnx207" in html
    assert client.post("/finding-a-therapist/").status_code == 405


def test_finding_a_therapist_is_linked_from_the_results_the_report_and_sharing(
    client, alice_client
):
    results = client.post(
        "/assessment/",
        {"regions": "temple-r", "intensity-temple-r": "7", "pain-temple-r": "spontaneous"},
    )
    assert 'href="/finding-a-therapist/"' in results.content.decode()
    assert 'href="/finding-a-therapist/"' in alice_client.get("/report/").content.decode()
    assert 'href="/finding-a-therapist/"' in alice_client.get("/report/shares/").content.decode()


def test_the_timeline_links_to_the_report(alice_client):
    assert 'href="/report/"' in alice_client.get("/diary/").content.decode()
