"""Share with my therapist: links for a named recipient, opened without an account,
expiring, revocable, rate-limited, the token stored only as a hash."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from apps.report.models import Share, ShareOpening
from apps.report.views import OPENINGS_PER_WINDOW
from tests.report.diaries import three_month_diary

pytestmark = pytest.mark.django_db


def create(client: Client, **extra) -> tuple[Share, str]:
    today = timezone.localdate()
    data = {
        "recipient": "Sam, my physio",
        "days": "14",
        "start": str(today - timedelta(days=30)),
        "end": str(today),
        "sections": ["pain", "trigger_points", "questions"],
        "questions": "Should I stretch first?",
        **extra,
    }
    response = client.post("/report/shares/", data)
    assert response.status_code == 201, response.content.decode()[:2000]
    url = response.context["created"][1]
    return Share.objects.get(pk=response.context["created"][0].pk), url.split("testserver")[1]


def test_a_link_opens_the_read_only_report_without_an_account(alice, alice_client, client):
    three_month_diary(alice, days=30)
    _, path = create(alice_client)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "for Sam, my physio" in html
    assert "Overall pain per week" in html and "Trigger points most suspected" in html
    assert "Should I stretch first?" in html
    assert "Warnings raised" not in html  # not chosen
    assert "Download the PDF" in html and "csrfmiddlewaretoken" not in html
    assert f'href="{path}pdf/?paper=letter"' in html
    assert "alice" not in html


def test_share_pages_are_never_cached_never_referred_and_never_indexed(alice_client, client):
    _, path = create(alice_client)
    for url in (path, path + "pdf/", "/shared/" + "x" * 43 + "/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response["X-Robots-Tag"]


def test_the_shared_pdf_is_the_same_report(alice, alice_client, client):
    three_month_diary(alice, days=30)
    _, path = create(alice_client)
    response = client.get(path + "pdf/?paper=letter")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert round(float(PdfReader(io.BytesIO(response.content)).pages[0].mediabox.width)) == 612
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Overall pain per week" in text and "Should I stretch first?" in text
    assert "Warnings raised" not in text


def test_the_token_has_256_random_bits_and_only_its_hash_is_stored(alice_client):
    share, path = create(alice_client)
    token = path.split("/")[2]
    assert len(token) >= 43  # 32 bytes in URL-safe base64
    assert share.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not Share.objects.filter(token_hash=token).exists()
    _, other = create(alice_client)
    assert other != path


def test_unknown_expired_and_revoked_links_answer_the_same_404(alice_client, client):
    expired, expired_path = create(alice_client)
    Share.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    revoked, revoked_path = create(alice_client)
    assert alice_client.post(f"/report/shares/{revoked.pk}/revoke/").status_code == 302
    answers = [client.get(p) for p in (expired_path, revoked_path, "/shared/" + "A" * 43 + "/")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert client.get(revoked_path + "pdf/").status_code == 404
    assert not ShareOpening.objects.exists()


def test_openings_are_recorded_and_shown_to_the_owner(alice_client, client):
    share, path = create(alice_client)
    client.get(path)
    client.get(path + "pdf/")
    assert [o.pdf for o in share.openings.order_by("id")] == [False, True]
    html = alice_client.get("/report/shares/").content.decode()
    assert "Opened 2 times" in html and "<strong>Sam, my physio</strong>" in html


def test_opening_links_is_rate_limited_with_retry_after(alice_client, client):
    _, path = create(alice_client)
    for _ in range(OPENINGS_PER_WINDOW):
        assert client.get("/shared/" + "B" * 43 + "/").status_code == 404
    response = client.get(path)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]


def test_expiry_defaults_to_14_days_and_is_at_most_90(alice_client):
    share, _ = create(alice_client, days="")
    assert abs((share.expires_at - timezone.now()) - timedelta(days=14)) < timedelta(minutes=1)
    response = alice_client.post(
        "/report/shares/",
        {
            "recipient": "Sam",
            "days": "91",
            "start": "2026-01-01",
            "end": "2026-01-31",
            "sections": ["pain"],
        },
    )
    assert response.status_code == 400
    assert "A whole number of days from 1 to 90." in response.content.decode()
    assert Share.objects.count() == 1


def test_a_link_needs_a_recipient_and_keeps_what_was_typed(alice_client):
    response = alice_client.post(
        "/report/shares/",
        {
            "recipient": " ",
            "days": "7",
            "start": "2026-01-01",
            "end": "2026-01-31",
            "sections": ["pain"],
            "questions": "keep me",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_recipient"' in html and "keep me" in html
    assert not Share.objects.exists()


def test_another_user_cannot_revoke_or_see_my_links(alice_client, bob_client, client):
    share, path = create(alice_client)
    for verb in ("get", "post", "put", "delete"):
        assert getattr(bob_client, verb)(f"/report/shares/{share.pk}/revoke/").status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None
    assert (
        "<strong>Sam, my physio</strong>" not in bob_client.get("/report/shares/").content.decode()
    )
    assert client.get(path).status_code == 200


def test_revoking_needs_a_post(alice_client):
    share, _ = create(alice_client)
    assert alice_client.get(f"/report/shares/{share.pk}/revoke/").status_code == 405
    share.refresh_from_db()
    assert share.revoked_at is None


def test_the_share_token_is_the_only_thing_in_the_url(alice_client):
    _, path = create(alice_client)
    assert path.count("/") == 3 and "?" not in path


@pytest.mark.parametrize("verb", ["post", "put", "patch", "delete"])
def test_a_live_link_answers_405_to_other_verbs_and_counts_no_opening(alice_client, client, verb):
    share, path = create(alice_client)
    for url in (path, path + "pdf/"):
        response = getattr(client, verb)(url)
        assert response.status_code == 405
        assert response["Referrer-Policy"] == "no-referrer"
    assert not share.openings.exists()
