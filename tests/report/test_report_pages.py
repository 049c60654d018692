"""The owner's report: choosing it, the page, the PDF, and left and right."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from apps.bodymap.chart import build_chart
from apps.diary.models import PainEntry
from apps.report.pdf import figure_box
from tests.diary.conftest import make_entry
from tests.report.diaries import three_month_diary

pytestmark = pytest.mark.django_db

ALL = ["pain", "body_maps", "measures", "trigger_points", "treatments", "warnings", "questions"]


def period(days: int = 90) -> dict[str, str]:
    today = timezone.localdate()
    return {"start": str(today - timedelta(days=days)), "end": str(today)}


def post(client: Client, **extra):
    return client.post("/report/", {**period(), "sections": ALL, **extra})


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_the_report_form_offers_every_section_ticked(alice_client: Client):
    response = alice_client.get("/report/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for section in ALL:
        assert f'value="{section}" checked' in response.content.decode()


def test_the_report_shows_period_pain_change_maps_and_questions(alice, alice_client: Client):
    three_month_diary(alice)
    response = post(alice_client, questions="Is it my posture?")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "(91 days): 91 days logged, 91 entries" in html
    assert "2 entered later than the pain" in html
    assert "75 % less pain</strong>, a substantial improvement" in html
    assert "Right temple" in html and "Left calf" in html
    assert "Temporalis" in html
    assert "Pressure or tightness in the chest" in html
    assert "Sustained pressure" in html and "over 4 sessions" in html
    assert "Is it my posture?" in html


def test_sections_left_out_are_not_shown(alice, alice_client: Client):
    three_month_diary(alice, days=20)
    html = post(alice_client, sections=["pain"], questions="private question").content.decode()
    assert "Overall pain per week" in html
    assert "Trigger points most suspected" not in html
    assert "Warnings raised" not in html
    assert "private question" not in html


def test_another_users_diary_never_reaches_my_report(alice, bob, alice_client: Client):
    make_entry(bob, notes="bob's")
    three_month_diary(alice, days=10)
    html = post(alice_client).content.decode()
    assert "10 days logged, 10 entries" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"start": "yesterday"}, "start", "Enter a date as YYYY-MM-DD."),
        ({"end": "2999-01-01"}, "end", "cannot end in the future"),
        ({"start": "2026-06-01", "end": "2026-05-01"}, "start", "on or before the end"),
        ({"sections": ["pain", "horoscope"]}, "sections", "Unknown section: horoscope"),
        ({"sections": []}, "sections", "Choose at least one section."),
        ({"questions": "x" * 1001}, "questions", "At most 1000 characters"),
    ],
)
def test_bad_choices_answer_400_naming_the_field_and_keep_what_was_typed(
    alice_client: Client, change, field, message
):
    data = {**period(), "sections": ALL, "questions": "keep me", **change}
    response = alice_client.post("/report/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{field}"' in html and message in html
    if "questions" not in change:
        assert "keep me" in html


def test_the_pdf_is_one_page_with_selectable_text(alice, alice_client: Client):
    three_month_diary(alice)
    for paper in ("a4", "letter"):
        response = post(alice_client, format="pdf", paper=paper, questions="Is it my posture?")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        text = pdf_text(response.content)
        assert "Pain report for my therapist" in text
        assert "75 % less pain, a substantial improvement" in text
        assert "Right temple" in text
        assert "Temporalis" in text
        assert "Sustained pressure" in text and "4 sessions" in text
        assert "EMERGENCY: Pressure or tightness in the chest" in text
        assert "Is it my posture?" in text
    width = PdfReader(io.BytesIO(response.content)).pages[0].mediabox.width
    assert round(float(width)) == 612  # US Letter


def test_the_pdf_leaves_out_sections_not_chosen(alice, alice_client: Client):
    three_month_diary(alice, days=10)
    text = pdf_text(post(alice_client, format="pdf", sections=["warnings"]).content)
    assert "Warnings raised" in text
    assert "Overall pain per week" not in text and "Trigger points most suspected" not in text


def x_range(path_d: str) -> tuple[float, float]:
    """The horizontal extent of SVG path data: `M x,y` starts a subpath, then `l` steps are
    relative pairs (the chart writes compact numbers such as `.7-.1`)."""
    xs: list[float] = []
    for subpath in re.findall(r"M[^M]+", path_d):
        start, _, steps = subpath[1:].partition("l")
        numbers = re.findall(r"-?(?:\d+\.?\d*|\.\d+)", start)
        x = float(numbers[0])
        xs.append(x)
        deltas = re.findall(r"-?(?:\d+\.?\d*|\.\d+)", steps)
        for dx in deltas[0::2]:
            x += float(dx)
            xs.append(x)
    return min(xs), max(xs)


def test_a_right_side_mark_is_drawn_on_the_patients_right_in_the_report(
    alice, alice_client: Client
):
    """Front view: the patient's right is on the left of the picture; back view: on the
    right. The marked right temple and the marked left calf must be where they belong."""
    three_month_diary(alice, days=10)
    html = post(alice_client, sections=["body_maps"]).content.decode()
    start = html[html.index('data-map="start"') :]
    front = start[start.index("chart-view--front") : start.index("chart-view--back")]
    back = start[start.index("chart-view--back") :]
    temple = re.search(r'class="region is-selected" data-region="temple-r" d="([^"]+)"', front)
    calf = re.search(r'class="region is-selected" data-region="calf-l" d="([^"]+)"', back)
    assert temple and calf
    assert x_range(temple.group(1))[1] < 200  # front view is 400 wide: left half
    assert x_range(calf.group(1))[0] < 200  # back view: the patient's left is on the left
    sides = re.search(r'class="chart-sides"><span aria-hidden="true">(\w+)', front)
    assert sides and sides.group(1) == "Right"  # the caption over the left half


def test_the_pdf_draws_a_right_side_mark_on_the_left_of_the_front_figure():
    chart = build_chart(marks={"temple-r": 7})
    left, _, scale = figure_box(chart, 0, 0.0, 0.0, 150.0)
    front = chart.views[0]
    temple = next(r for r in front.regions if r.slug == "temple-r")
    xs = [left + x * scale for polygon in temple.polygons for x, _ in polygon]
    assert max(xs) < left + front.width * scale / 2


def test_anonymous_visitors_are_sent_to_log_in(client: Client):
    for method in ("get", "post"):
        response = getattr(client, method)("/report/")
        assert response.status_code == 302 and response["Location"].startswith("/account/log-in/")


@pytest.mark.parametrize("verb", ["put", "patch", "delete"])
def test_the_report_answers_405_to_other_verbs(alice_client: Client, verb: str):
    assert getattr(alice_client, verb)("/report/").status_code == 405


def test_the_report_shows_psfs_and_pgic_from_the_diary(alice, alice_client: Client):
    from apps.diary.models import (
        ActivityScore,
        FunctionalActivity,
        FunctionalRating,
        GlobalImpressionAnswer,
    )

    now = timezone.now()
    driving = FunctionalActivity.objects.create(owner=alice, name="Driving")
    sleeping = FunctionalActivity.objects.create(owner=alice, name="Sleeping")
    for days_ago, scores in ((40, (2, 4)), (5, (6, 5))):
        rating = FunctionalRating.objects.create(
            owner=alice, rated_at=now - timedelta(days=days_ago)
        )
        for activity, score in zip((driving, sleeping), scores, strict=True):
            ActivityScore.objects.create(rating=rating, activity=activity, score=score)
    GlobalImpressionAnswer.objects.create(
        owner=alice, answer=2, answered_at=now - timedelta(days=3), since=timezone.localdate()
    )
    html = post(alice_client, sections=["measures"]).content.decode()
    assert "<strong>3.0</strong> at the start, <strong>5.5</strong> latest" in html
    assert "a meaningful change" in html
    assert "Driving: 2 → 6" in html
    assert "2 of 7, Much improved" in html
    text = pdf_text(post(alice_client, sections=["measures"], format="pdf").content)
    assert "PSFS score (mean, 0-10): 3 at the start, 5.5 latest (a meaningful change)" in text
    assert "PGIC" in text and "Much improved" in text


def test_the_report_runs_the_same_queries_for_a_short_and_a_long_diary(alice, alice_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    three_month_diary(alice, days=5)
    with CaptureQueriesContext(connection) as short:
        post(alice_client)
    three_month_diary(alice, days=60)
    with CaptureQueriesContext(connection) as long:
        post(alice_client)
    assert len(long) == len(short)


def test_an_empty_period_still_gives_a_page_and_a_pdf_that_say_so(alice_client: Client):
    html = post(alice_client).content.decode()
    assert "0 days logged, 0 entries" in html
    assert "No entries in this period." in html and "No body map in this period." in html
    text = pdf_text(post(alice_client, format="pdf").content)
    assert "No entries in this period." in text and "No body map in this period." in text


def test_a_trigger_point_confirmed_by_pressing_is_shown_as_such(alice, alice_client: Client):
    """The report reads `feedback: "confirmed"` from an entry's results snapshot."""
    entries = three_month_diary(alice, days=3)
    snapshot = entries[0].results
    snapshot["results"][3]["feedback"] = "confirmed"
    PainEntry.objects.filter(pk=entries[0].pk).update(results=snapshot)
    confirmed = snapshot["results"][3]["name"]
    html = post(alice_client, sections=["trigger_points"]).content.decode()
    first = html[html.index('<ul class="report-list">') :]
    assert first.index(confirmed) < first.index("</li>")  # confirmed ones come first
    assert '<strong class="confirmed">confirmed by pressing</strong>' in html
    text = pdf_text(post(alice_client, sections=["trigger_points"], format="pdf").content)
    assert "CONFIRMED by pressing" in text
