"""GET /api/export/?format=json|csv|fhir: everything the signed-in user owns and nothing
of anyone else's, streamed, never cached."""

import csv
import io
import json
import zipfile

import pytest
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from apps.accounts.models import User
from tests.portability.helpers import download, export_json

pytestmark = pytest.mark.django_db


def test_the_json_export_holds_everything_alice_owns_with_a_format_version(
    alices_diary: User, bobs_diary: User, alice_client: Client
):
    document = export_json(alice_client)
    assert document["format"] == "trigger-point-finder-diary"
    assert document["version"] == 1
    assert len(document["entries"]) == 2
    assert document["entries"][0]["notes"] == "alice: after a long drive"
    assert document["entries"][0]["results"]["results"], "the snapshot of the results"
    assert [m["region"] for m in document["entries"][0]["marks"]] == ["temple-r", "neck-back-r"]
    assert len(document["treatments"]) == 2
    assert document["treatments"][0]["entry"] == document["entries"][0]["id"]
    measures = document["measures"]
    assert measures["functional_activities"][0]["name"] == "alice reading"
    assert [len(r["scores"]) for r in measures["functional_ratings"]] == [3, 3]
    assert measures["global_impressions"][0]["answer"] == 2
    links = document["share_links"]
    assert [link["recipient"] for link in links] == [
        "alice's physiotherapist",
        "Old massage therapist",
    ]
    assert [o["pdf"] for o in links[0]["openings"]] == [False, True]
    assert links[1]["revoked_at"] is not None
    assert not any("token" in key for link in links for key in link)
    assert document["account"]["username"] == "alice"
    assert "password" not in json.dumps(document["account"])
    assert "bob" not in json.dumps(document)


@pytest.mark.parametrize("kind", ["json", "csv", "fhir"])
def test_every_export_is_a_download_that_is_never_cached(
    alices_diary: User, alice_client: Client, kind: str
):
    response = alice_client.get(f"/api/export/?format={kind}")
    assert response.status_code == 200
    assert response.streaming
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="pain-diary-')
    assert "alice" not in disposition


def test_an_export_without_a_format_is_json(alices_diary: User, alice_client: Client):
    response = alice_client.get("/api/export/")
    assert response["Content-Type"] == "application/json"
    assert json.loads(b"".join(response.streaming_content))["version"] == 1


def test_an_unknown_format_is_a_400_naming_the_field(alice_client: Client):
    response = alice_client.get("/api/export/?format=xml")
    assert response.status_code == 400
    assert response.json() == {"format": ["Choose json, csv or fhir."]}


def test_bobs_export_has_nothing_of_alices(alices_diary: User, bob_client: Client):
    document = export_json(bob_client)
    assert document["entries"] == [] and document["treatments"] == []
    assert document["measures"]["functional_ratings"] == []


def csv_files(client: Client) -> dict[str, list[dict[str, str]]]:
    archive = zipfile.ZipFile(io.BytesIO(download(client, "csv")))
    return {
        name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in archive.namelist()
    }


def test_the_csv_zip_has_a_row_per_mark_treatment_and_measure(
    alices_diary: User, alice_client: Client
):
    files = csv_files(alice_client)
    assert set(files) == {"entries.csv", "treatments.csv", "measures.csv"}
    entries = files["entries.csv"]
    assert [(row["region"], row["intensity"]) for row in entries] == [
        ("temple-r", "7"),
        ("neck-back-r", "4"),
        ("", ""),  # the entry with no map: one row, overall pain only
    ]
    assert entries[0]["region_name"] == "Right temple"
    assert entries[0]["pain"] == "hurts on its own"
    assert entries[2]["overall_pain"] == "2"
    treatments = files["treatments.csv"]
    assert [(t["trigger_point"], t["change"]) for t in treatments] == [
        ("temporalis-1", "3"),
        ("trapezius-upper-1", "0"),
    ]
    measures = files["measures.csv"]
    psfs = [row for row in measures if row["measure"] == "Patient-Specific Functional Scale"]
    assert len(psfs) == 8  # 2 occasions x (3 activities + the mean)
    assert psfs[3]["score"] == "3.0" and psfs[3]["item"].startswith("score")
    pgic = [row for row in measures if row["measure"] == "Patient Global Impression of Change"]
    assert [(row["score"], row["meaning"]) for row in pgic] == [("2", "Much improved")]


def test_csv_cells_a_spreadsheet_would_run_as_formulas_stay_text(alice: User, alice_client: Client):
    from tests.diary.conftest import make_entry

    make_entry(alice, notes='=HYPERLINK("http://evil.example")')
    row = csv_files(alice_client)["entries.csv"][0]
    assert row["notes"] == '\'=HYPERLINK("http://evil.example")'


def fhir_bundle(client: Client) -> dict:
    return json.loads(download(client, "fhir"))


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_fhir_export_is_a_valid_r4_bundle(alices_diary: User, alice_client: Client):
    bundle = fhir_bundle(alice_client)
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    references = {
        ref
        for resource in (e["resource"] for e in bundle["entry"])
        for ref in [resource.get("subject", {}).get("reference")]
        + [m["reference"] for m in resource.get("hasMember", [])]
        if ref
    }
    assert references <= set(full_urls), "every reference resolves inside the bundle"


def test_each_entry_is_an_overall_pain_observation_coded_with_loinc(
    alices_diary: User, alice_client: Client
):
    observations = resources(fhir_bundle(alice_client), "Observation")
    overall = [o for o in observations if o["code"]["text"].startswith("Overall")]
    assert [o["valueInteger"] for o in overall] == [7, 2]
    coding = overall[0]["code"]["coding"][0]
    assert (coding["system"], coding["code"]) == ("http://loinc.org", "72514-3")
    assert coding["display"] == "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
    assert overall[0]["note"] == [{"text": "alice: after a long drive"}]
    assert len(overall[0]["hasMember"]) == 2
    assert "hasMember" not in overall[1], "the entry with no map has no region observations"


def test_each_marked_region_is_an_observation_with_our_code_and_snomed_laterality(
    alices_diary: User, alice_client: Client
):
    observations = resources(fhir_bundle(alice_client), "Observation")
    regional = [o for o in observations if "bodySite" in o]
    assert [o["valueInteger"] for o in regional] == [7, 4]
    temple = regional[0]["bodySite"]["coding"]
    assert temple[0] == {
        "system": "https://trigger-point-finder.example/fhir/CodeSystem/body-region",
        "code": "temple-r",
        "display": "Right temple",
    }
    # Head structure, laterality right (the patient's own right)
    assert temple[1] == {"system": "http://snomed.info/sct", "code": "69536005:272741003=24028007"}
    kind = regional[1]["component"][0]["valueCodeableConcept"]["coding"][0]
    assert kind["code"] == "on_pressure"


def test_a_region_without_a_certain_snomed_mapping_carries_only_our_code(
    alice: User, alice_client: Client
):
    from django.utils import timezone

    from apps.bodymap.marks import PainKind, PainMark
    from apps.diary import services

    services.save_entry(
        alice,
        services.EntryInput(
            felt_at=timezone.now(),
            marks=(PainMark("armpit-l", 5, PainKind.SPONTANEOUS),),
            symptoms=(),
            overall_pain=5,
            notes="",
        ),
    )
    observations = resources(fhir_bundle(alice_client), "Observation")
    (armpit,) = [o for o in observations if "bodySite" in o]
    assert [c["code"] for c in armpit["bodySite"]["coding"]] == ["armpit-l"]


def test_each_treatment_is_a_procedure_and_each_measure_a_questionnaire_response(
    alices_diary: User, alice_client: Client
):
    bundle = fhir_bundle(alice_client)
    procedures = resources(bundle, "Procedure")
    assert [p["code"]["coding"][0]["code"] for p in procedures] == ["sustained-pressure"] * 2
    assert procedures[0]["bodySite"][0]["coding"][0]["code"] == "temporalis-1:r"
    assert procedures[0]["outcome"]["text"] == "5 minutes; pain 6/10 before, 3/10 after"
    responses = resources(bundle, "QuestionnaireResponse")
    psfs = [r for r in responses if r["questionnaire"].endswith("/psfs")]
    pgic = [r for r in responses if r["questionnaire"].endswith("/pgic")]
    assert len(psfs) == 2 and len(pgic) == 1
    assert psfs[1]["item"][-1]["answer"] == [{"valueDecimal": 5.0}]
    assert pgic[0]["item"][0]["answer"][0]["valueCoding"]["display"] == "Much improved"


def test_the_export_reads_the_same_number_of_queries_whatever_the_diary_length(
    alice: User, alice_client: Client, django_assert_max_num_queries
):
    from tests.diary.conftest import make_entry

    make_entry(alice)
    with django_assert_max_num_queries(12):
        download(alice_client, "json")
    for _ in range(30):
        make_entry(alice)
    with django_assert_max_num_queries(12):
        download(alice_client, "json")
