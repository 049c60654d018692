"""The chart form and the API share one pain-map parser: the same table of bad input gets
the same answer from both, always a 400 naming the problem, never a 500."""

import json

import pytest
from django.http import QueryDict
from rest_framework import serializers

from apps.bodymap.api import PainMapField
from apps.bodymap.pain_map import (
    DEFAULT_INTENSITY,
    PainMap,
    PainMark,
    max_marks,
    parse_pain_map,
    raw_marks_from_form,
)
from apps.bodymap.regions import region_catalogue
from apps.vocabulary import PainKind
from tests.bad_pain_maps import BAD_PAIN_MAPS, REGION_COUNT, as_form

pytestmark = pytest.mark.django_db

BAD = pytest.mark.parametrize("bad", BAD_PAIN_MAPS, ids=lambda bad: bad.name)


def test_the_mark_limit_is_the_region_catalogues_size():
    assert max_marks(region_catalogue()) == REGION_COUNT == len(region_catalogue().regions)


@BAD
def test_the_chart_form_refuses_a_bad_pain_map_saying_what_is_wrong(client, bad):
    response = client.post("/assessment/", as_form(bad))
    html = response.content.decode()
    assert response.status_code == 400
    assert bad.form_sentence in html
    assert 'id="form-errors"' in html


@BAD
def test_the_api_refuses_a_bad_pain_map_with_errors_keyed_by_field(client, bad):
    body = json.dumps({"marks": bad.marks, **bad.extra})
    response = client.post("/api/match/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == bad.api_errors


def test_a_bad_mark_keeps_the_good_ones_selected_on_the_form(client):
    response = client.post(
        "/assessment/",
        {
            "regions": ["temple-r", "jaw-l", "tail-r"],
            "intensity-temple-r": "6",
            "intensity-jaw-l": "²",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="temple-r" id="pick-temple-r" checked' in html
    assert 'value="jaw-l" id="pick-jaw-l" checked' in html
    assert 'name="intensity-temple-r" value="6"' in html
    assert "tail-r" not in html.split('id="form-errors"')[1].split("</div>")[1]


@pytest.mark.parametrize("kind", ["spontaneous", "on_movement", "on_pressure"])
def test_every_kind_of_pain_is_accepted_by_the_form_and_the_api(client, kind):
    form = client.post("/assessment/", {"regions": ["calf-l"], "pain-calf-l": kind})
    api = client.post(
        "/api/match/",
        json.dumps({"marks": [{"region": "calf-l", "pain": kind}]}),
        content_type="application/json",
    )
    assert form.status_code == 200
    assert api.status_code == 200


def test_the_chart_offers_moving_as_a_kind_of_pain(client):
    html = client.get("/").content.decode()
    assert 'value="on_movement"> when I move</label>' in html


def test_a_5000_digit_json_number_is_a_400_not_a_500(client):
    body = '{"marks": [{"region": "calf-l", "intensity": ' + "9" * 5000 + "}]}"
    response = client.post("/api/match/", body, content_type="application/json")
    assert response.status_code == 400


def test_the_api_takes_numbers_not_text_for_intensity(client):
    body = json.dumps({"marks": [{"region": "calf-l", "intensity": "7"}]})
    response = client.post("/api/match/", body, content_type="application/json")
    assert response.json() == {
        "marks": {"0": {"intensity": ["Must be a whole number from 1 to 10."]}}
    }


class PainMapSerializer(serializers.Serializer):
    """What a diary entry's serializer would hold: the parser's own field."""

    marks = PainMapField()


MARK_ROWS = [bad for bad in BAD_PAIN_MAPS if not bad.extra and bad.marks]


@pytest.mark.parametrize("bad", MARK_ROWS, ids=lambda bad: bad.name)
def test_a_serializer_with_the_pain_map_field_gives_the_apis_errors(bad):
    serializer = PainMapSerializer(data={"marks": bad.marks})
    assert not serializer.is_valid()
    assert json.loads(json.dumps(serializer.errors)) == bad.api_errors


def test_a_serializer_with_the_pain_map_field_gives_a_pain_map_with_defaults():
    serializer = PainMapSerializer(data={"marks": [{"region": "calf-l", "pain": "on_movement"}]})
    assert serializer.is_valid()
    assert serializer.validated_data["marks"] == PainMap(
        (PainMark("calf-l", DEFAULT_INTENSITY, PainKind.ON_MOVEMENT),)
    )
    assert PainMapSerializer(serializer.validated_data).data == {
        "marks": [{"region": "calf-l", "intensity": 5, "pain": "on_movement"}]
    }


def test_the_form_adapter_reads_a_prefixed_chart():
    data = QueryDict(mutable=True)
    data.setlist("before-regions", ["calf-l", "heel-r"])
    data["before-intensity-calf-l"] = "8"
    data["before-pain-heel-r"] = "on_pressure"
    data["regions"] = "temple-r"
    assert parse_pain_map(raw_marks_from_form(data, prefix="before-")) == PainMap(
        (PainMark("calf-l", 8), PainMark("heel-r", DEFAULT_INTENSITY, PainKind.ON_PRESSURE))
    )


def test_pain_on_movement_is_shown_back_in_the_users_words(client):
    response = client.post(
        "/assessment/",
        {"regions": ["calf-l"], "intensity-calf-l": "6", "pain-calf-l": "on_movement"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Left calf</strong>: 6/10, when I move" in html
    assert '<input type="hidden" name="pain-calf-l" value="on_movement">' in html
