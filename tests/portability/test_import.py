"""A JSON export loads into an empty account, from the upload page or the management
command; a malformed or foreign file is refused as a whole, with the problem named, and
nothing is saved."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from apps.accounts.models import User
from apps.diary.models import FunctionalRating, PainEntry, Treatment
from apps.portability import importing
from apps.portability.erasure import erase_account
from apps.report.models import Share
from tests.portability.conftest import PASSWORD_HASH, fill_diary
from tests.portability.helpers import comparable, download, export_json

pytestmark = pytest.mark.django_db


def upload(client: Client, content: bytes, name: str = "diary.json"):
    return client.post("/account/import/", {"file": SimpleUploadedFile(name, content)})


def test_export_then_erase_then_import_restores_identical_data(
    alices_diary: User, alice_client: Client
):
    alices_diary.time_zone = "Europe/Paris"
    alices_diary.save()
    before = download(alice_client, "json")
    erase_account(alices_diary)
    again = User.objects.create(username="alice", password=PASSWORD_HASH)
    client = Client()
    client.force_login(again)
    response = upload(client, before)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported 2 entries, 2 treatments, 3 measures and 2 share links." in page
    after = export_json(client)
    assert comparable(after) == comparable(json.loads(before))
    assert all(link["revoked_at"] for link in after["share_links"])


def test_an_imported_share_link_keeps_its_history_but_never_opens(
    alice: User, alice_client: Client, bob: User, bob_client: Client
):
    token = fill_diary(alice, "alice")
    assert alice_client.get(f"/shared/{token}/").status_code == 200
    content = download(alice_client, "json")
    assert token not in content.decode()
    assert '"token' not in content.decode()
    assert upload(bob_client, content).status_code == 200
    share = Share.objects.get(owner=bob, recipient="alice's physiotherapist")
    assert share.revoked_at is not None
    assert share.openings.count() == 3  # two above, one just now
    assert share.token_hash not in {s.token_hash for s in Share.objects.filter(owner=alice)}


def test_the_upload_page_offers_the_form_to_an_empty_account(alice_client: Client):
    response = alice_client.get("/account/import/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'type="file"' in response.content.decode()


def test_an_account_with_a_diary_is_refused_and_nothing_is_added(
    alices_diary: User, alice_client: Client
):
    content = download(alice_client, "json")
    response = upload(alice_client, content)
    assert response.status_code == 400
    assert "Your diary is not empty" in response.content.decode()
    assert PainEntry.objects.filter(owner=alices_diary).count() == 2
    assert Treatment.objects.filter(owner=alices_diary).count() == 2


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "The file is not readable JSON"),
        (b"[1, 2]", "This is not a Trigger Point Finder diary export"),
        (b'{"resourceType": "Bundle", "type": "collection"}', "not a Trigger Point Finder"),
        (b'{"format": "trigger-point-finder-diary", "version": 9}', "version 9 is not supported"),
        (
            b'{"format": "trigger-point-finder-diary", "version": 1, "entries": {}}',
            "entries: Expected a list.",
        ),
        (
            b'{"format": "trigger-point-finder-diary", "version": 1,'
            b' "measures": {"global_impressions": 3}}',
            "measures.global_impressions: Expected a list.",
        ),
    ],
)
def test_a_malformed_or_foreign_file_is_refused_naming_the_problem(
    alice: User, alice_client: Client, content: bytes, problem: str
):
    response = upload(alice_client, content)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not importing.owns_anything(alice)


def test_an_account_with_only_a_measure_or_a_share_link_is_not_empty(
    alices_diary: User, alice_client: Client, bob: User, bob_client: Client
):
    from apps.diary.models import GlobalImpressionAnswer

    content = download(alice_client, "json")
    GlobalImpressionAnswer.objects.create(owner=bob, answer=3, since="2026-01-01")
    response = upload(bob_client, content)
    assert response.status_code == 400
    assert PainEntry.objects.filter(owner=bob).count() == 0


def test_one_bad_item_refuses_the_whole_file_and_saves_nothing(
    alices_diary: User, alice_client: Client, bob: User, bob_client: Client
):
    document = export_json(alice_client)
    document["entries"][1]["overall_pain"] = 11
    document["treatments"][0]["minutes"] = 0
    document["measures"]["functional_ratings"][0]["scores"][0]["activity"] = 999
    response = upload(bob_client, json.dumps(document).encode())
    assert response.status_code == 400
    page = response.content.decode()
    assert "entries[1].overall_pain: Overall pain must be a whole number from 0 to 10." in page
    assert "treatments[0].minutes: Minutes must be a whole number from 1 to 240." in page
    assert "measures.functional_ratings[0].scores[0].activity: No such activity" in page
    assert not importing.owns_anything(bob)
    assert FunctionalRating.objects.filter(owner=bob).count() == 0


def test_a_failure_while_writing_leaves_nothing_behind(
    alices_diary: User, alice_client: Client, bob: User, monkeypatch
):
    diary = importing.check_diary(json.loads(download(alice_client, "json")))

    def broken(owner: User, diary: importing.Diary) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "load_measures", broken)
    with pytest.raises(RuntimeError):
        importing.load_diary(bob, diary)
    assert not importing.owns_anything(bob)


def test_a_file_over_the_size_limit_is_refused_while_it_is_read(
    alices_diary: User, alice_client: Client, bob: User, bob_client: Client, monkeypatch
):
    content = download(alice_client, "json")
    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", len(content) - 1)
    response = upload(bob_client, content)
    assert response.status_code == 400
    assert "The file is larger than" in response.content.decode()
    assert not importing.owns_anything(bob)


def test_an_upload_announced_as_too_large_is_refused_before_it_is_read(
    bob: User, bob_client: Client, monkeypatch
):
    monkeypatch.setattr(importing, "MAX_IMPORT_BYTES", 0)
    monkeypatch.setattr("apps.portability.views.UPLOAD_OVERHEAD", 0)
    response = upload(bob_client, b"{}")
    assert response.status_code == 400
    assert "The file is larger than" in response.content.decode()


def test_the_upload_needs_a_csrf_token(alices_diary: User, alice_client: Client, bob: User):
    content = download(alice_client, "json")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bob)
    response = strict.post("/account/import/", {"file": SimpleUploadedFile("d.json", content)})
    assert response.status_code == 403
    assert not importing.owns_anything(bob)


def test_the_management_command_imports_into_an_empty_account(
    alices_diary: User, alice_client: Client, bob: User, tmp_path
):
    path = tmp_path / "diary.json"
    path.write_bytes(download(alice_client, "json"))
    call_command("import_diary", "bob", str(path))
    assert PainEntry.objects.filter(owner=bob).count() == 2
    assert Treatment.objects.filter(owner=bob, entry__owner=bob).count() == 1


def test_the_management_command_refuses_a_bad_file_saying_why(bob: User, tmp_path):
    path = tmp_path / "diary.json"
    path.write_text('{"format": "something-else"}')
    with pytest.raises(CommandError, match="not a Trigger Point Finder diary export"):
        call_command("import_diary", "bob", str(path))
    assert not importing.owns_anything(bob)


def test_import_pages_are_only_for_signed_in_users(client: Client):
    response = client.get("/account/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")


@pytest.mark.parametrize("verb", ["put", "patch", "delete"])
def test_import_and_delete_pages_answer_other_verbs_with_405(alice_client: Client, verb: str):
    for url in ("/account/import/", "/account/delete/"):
        assert getattr(alice_client, verb)(url).status_code == 405


def test_a_diary_bigger_than_the_sites_usual_body_limit_can_be_imported(
    alices_diary: User, alice_client: Client, bob: User, bob_client: Client, settings
):
    from apps.portability import views

    assert settings.LARGE_UPLOAD_ROUTES["portability:import"] == (
        importing.MAX_IMPORT_BYTES + views.UPLOAD_OVERHEAD
    )
    document = export_json(alice_client)
    entry = document["entries"][0]
    document["entries"] = [{**entry, "id": n, "notes": "n" * 1500} for n in range(1, 301)]
    document["treatments"] = []
    content = json.dumps(document).encode()
    assert len(content) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = upload(bob_client, content)
    assert response.status_code == 200
    assert PainEntry.objects.filter(owner=bob).count() == 300


def test_a_large_body_elsewhere_or_not_a_file_upload_is_still_refused(
    alice_client: Client, settings
):
    big = b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = alice_client.post("/account/import/", big, content_type="application/json")
    assert response.status_code == 413
    response = alice_client.post(
        "/account/delete/", big, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413
