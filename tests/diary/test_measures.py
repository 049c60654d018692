"""The Patient-Specific Functional Scale and the Patient Global Impression of Change:
arithmetic, pages, API, owner-only."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.diary import measures, services
from apps.diary.models import (
    ActivityScore,
    FunctionalActivity,
    FunctionalRating,
    GlobalImpressionAnswer,
    PainEntry,
)
from tests.diary.conftest import make_entry

pytestmark = pytest.mark.django_db

ACTIVITIES = ["Reversing the car", "Sleeping on my side", "Carrying shopping"]


# Arithmetic ----------------------------------------------------------------------------


def test_the_functional_score_is_the_mean_of_the_activity_scores_to_one_decimal():
    assert measures.functional_score([3, 4, 6]) == 4.3
    assert measures.functional_score([10, 0, 5, 5]) == 5.0


def test_a_change_of_two_points_is_meaningful_and_less_is_not():
    assert measures.function_change(3.0, 5.0).direction == measures.Direction.BETTER
    assert measures.function_change(5.0, 3.0).direction == measures.Direction.WORSE
    small = measures.function_change(3.0, 4.9)
    assert (small.meaningful, small.direction) == (False, measures.Direction.SAME)


def test_the_global_impression_is_offered_two_weeks_after_the_start_then_weekly():
    start = date(2026, 1, 1)
    assert measures.global_impression_due_on(None, None) is None
    assert measures.global_impression_due_on(start, None) == date(2026, 1, 15)
    assert measures.global_impression_due_on(start, date(2026, 1, 15)) == date(2026, 1, 22)


# Helpers -------------------------------------------------------------------------------


def name_activities(owner: User, names: list[str] = ACTIVITIES) -> list[FunctionalActivity]:
    return [services.add_activity(owner, name) for name in names]


def rate(owner: User, scores: list[int]) -> FunctionalRating:
    activities = services.current_activities(owner)
    data = services.validate_functional_rating(
        owner,
        rated_at=timezone.now(),
        scores=[{"activity": a.pk, "score": s} for a, s in zip(activities, scores, strict=True)],
    )
    return services.save_functional_rating(owner, data)


def start_diary(owner: User, days_ago: int) -> PainEntry:
    return make_entry(owner, hours_ago=24 * days_ago)


# Pages ---------------------------------------------------------------------------------


def test_naming_activities_on_the_measures_page_lists_them(alice: User, alice_client: Client):
    for name in ACTIVITIES:
        response = alice_client.post(reverse("diary:add-activity"), {"name": name})
        assert response.status_code == 302
    page = alice_client.get(reverse("diary:measures"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    for name in ACTIVITIES:
        assert name in page.content.decode()
    assert "Rate them now" in page.content.decode()


def test_a_sixth_activity_or_a_repeated_one_is_refused_naming_the_field(
    alice: User, alice_client: Client
):
    name_activities(alice, [*ACTIVITIES, "Typing", "Running"])
    response = alice_client.post(reverse("diary:add-activity"), {"name": "Gardening"})
    assert response.status_code == 400
    assert "at most 5" in response.content.decode()
    services.retire_activity(FunctionalActivity.objects.get(name="Running"))
    response = alice_client.post(reverse("diary:add-activity"), {"name": "typing"})
    assert response.status_code == 400
    assert "already rating" in response.content.decode()
    assert FunctionalActivity.objects.filter(owner=alice).count() == 4


def test_rating_every_activity_saves_the_mean_and_shows_the_change_from_the_first(
    alice: User, alice_client: Client
):
    activities = name_activities(alice)
    rate(alice, [2, 3, 4])
    response = alice_client.post(
        reverse("diary:rate-function"),
        {f"score-{a.pk}": s for a, s in zip(activities, [5, 6, 4], strict=True)},
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("diary:measures")).content.decode()
    assert "Better" in page
    assert "from 3.0 at first to 5.0 now (+2.0 points" in page


def test_a_rating_missing_an_activity_saves_nothing_and_keeps_what_was_chosen(
    alice: User, alice_client: Client
):
    activities = name_activities(alice)
    response = alice_client.post(
        reverse("diary:rate-function"),
        {f"score-{activities[0].pk}": "7", f"score-{activities[1].pk}": "11"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "missing: Carrying shopping" in body
    assert '<option value="7" selected>' in body
    assert not FunctionalRating.objects.exists()
    assert not ActivityScore.objects.exists()


def test_rating_needs_three_activities_first(alice: User, alice_client: Client):
    name_activities(alice, ACTIVITIES[:2])
    page = alice_client.get(reverse("diary:measures")).content.decode()
    assert "Rate them now" not in page
    response = alice_client.post(reverse("diary:rate-function"), {})
    assert response.status_code == 400
    assert "at least 3 activities" in response.content.decode()


def test_retiring_a_rated_activity_keeps_its_past_scores(alice: User, alice_client: Client):
    activities = name_activities(alice)
    rate(alice, [2, 3, 4])
    response = alice_client.post(reverse("diary:retire-activity", args=[activities[0].pk]))
    assert response.status_code == 302
    activities[0].refresh_from_db()
    assert activities[0].retired_at is not None
    assert ActivityScore.objects.filter(activity=activities[0]).count() == 1
    assert services.current_activities(alice) == activities[1:]


def test_the_global_impression_is_not_offered_in_the_first_two_weeks(
    alice: User, alice_client: Client
):
    start_diary(alice, days_ago=10)
    page = alice_client.get(reverse("diary:measures")).content.decode()
    assert "this week’s question" not in page
    assert "The next question is on" in page
    response = alice_client.post(reverse("diary:answer-global-impression"), {"answer": "2"})
    assert response.status_code == 400
    assert not GlobalImpressionAnswer.objects.exists()


def test_the_global_impression_is_offered_after_two_weeks_then_once_a_week(
    alice: User, alice_client: Client
):
    first = start_diary(alice, days_ago=15)
    assert (
        "This week’s question is waiting"
        in alice_client.get(reverse("diary:timeline")).content.decode()
    )
    response = alice_client.post(reverse("diary:answer-global-impression"), {"answer": "2"})
    assert response.status_code == 302
    answer = GlobalImpressionAnswer.objects.get(owner=alice)
    assert (answer.answer, answer.since) == (2, timezone.localdate(first.felt_at))
    page = alice_client.get(reverse("diary:measures")).content.decode()
    assert "Much improved" in page
    assert "this week’s question" not in page
    again = alice_client.post(reverse("diary:answer-global-impression"), {"answer": "1"})
    assert again.status_code == 400
    assert "once a week" in again.content.decode()
    assert GlobalImpressionAnswer.objects.count() == 1


def test_an_answer_outside_the_seven_points_is_refused(alice: User, alice_client: Client):
    start_diary(alice, days_ago=20)
    response = alice_client.post(reverse("diary:answer-global-impression"), {"answer": "8"})
    assert response.status_code == 400
    assert not GlobalImpressionAnswer.objects.exists()


# Owner-only -----------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_another_users_activity_cannot_be_retired_with_any_verb(
    alice: User, bob_client: Client, verb: str
):
    activity = name_activities(alice)[0]
    response = getattr(bob_client, verb)(reverse("diary:retire-activity", args=[activity.pk]))
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.retired_at is None
    assert FunctionalActivity.objects.filter(pk=activity.pk).exists()


@pytest.mark.parametrize(
    "route",
    [
        "diary:measures",
        "diary:add-activity",
        "diary:rate-function",
        "diary:answer-global-impression",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in_from_the_measures(client: Client, route: str):
    response = client.post(reverse(route), {"name": "Typing", "answer": "2"})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")
    assert not FunctionalActivity.objects.exists()
    assert not GlobalImpressionAnswer.objects.exists()


def test_bob_never_sees_alices_measures(alice: User, bob: User, bob_client: Client):
    name_activities(alice)
    rate(alice, [2, 3, 4])
    page = bob_client.get(reverse("diary:measures")).content.decode()
    for name in ACTIVITIES:
        assert name not in page
    assert bob_client.get(reverse("api:activity-list")).json()["count"] == 0
    assert bob_client.get(reverse("api:functional-rating-list")).json()["count"] == 0


# API ------------------------------------------------------------------------------------


def test_the_api_names_activities_and_rates_them(alice: User, alice_client: Client):
    ids = []
    for name in ACTIVITIES:
        response = alice_client.post(
            reverse("api:activity-list"), {"name": name}, content_type="application/json"
        )
        assert response.status_code == 201
        ids.append(response.json()["id"])
    response = alice_client.post(
        reverse("api:functional-rating-list"),
        {"scores": [{"activity": i, "score": s} for i, s in zip(ids, [3, 4, 6], strict=True)]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["score"] == 4.3
    assert [s["name"] for s in body["scores"]] == ACTIVITIES
    listed = alice_client.get(reverse("api:functional-rating-list"))
    assert listed.json()["count"] == 1
    assert "no-store" in listed["Cache-Control"]


def test_the_api_names_the_field_of_a_bad_score_and_saves_nothing(
    alice: User, alice_client: Client
):
    activities = name_activities(alice)
    response = alice_client.post(
        reverse("api:functional-rating-list"),
        {
            "scores": [
                {"activity": activities[0].pk, "score": 11},
                {"activity": activities[1].pk, "score": 3},
                {"activity": 999999, "score": 3},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()["scores"]
    assert "score" in errors["0"]
    assert "activity" in errors["2"]
    assert not FunctionalRating.objects.exists()


def test_the_api_global_impression_waits_for_two_weeks(alice: User, alice_client: Client):
    start_diary(alice, days_ago=3)
    url = reverse("api:global-impression-list")
    response = alice_client.post(url, {"answer": 3}, content_type="application/json")
    assert response.status_code == 400
    assert "answer" in response.json()
    PainEntry.objects.update(felt_at=timezone.now() - timedelta(days=30))
    response = alice_client.post(url, {"answer": 3}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["label"] == "Minimally improved"


MEASURE_DETAILS = [
    "api:activity-detail",
    "api:functional-rating-detail",
    "api:global-impression-detail",
]


@pytest.mark.parametrize("route", MEASURE_DETAILS)
@pytest.mark.parametrize("verb", ["get", "put", "patch", "delete"])
def test_another_users_measure_is_a_404_to_every_api_verb(
    alice: User, bob_client: Client, route: str, verb: str
):
    name_activities(alice)
    rating = rate(alice, [1, 2, 3])
    answer = GlobalImpressionAnswer.objects.create(owner=alice, answer=2, since=date(2026, 1, 1))
    pk = {
        "api:activity-detail": FunctionalActivity.objects.first().pk,
        "api:functional-rating-detail": rating.pk,
        "api:global-impression-detail": answer.pk,
    }[route]
    response = getattr(bob_client, verb)(reverse(route, args=[pk]), content_type="application/json")
    assert response.status_code == 404
    assert FunctionalActivity.objects.filter(retired_at__isnull=True).count() == 3
    assert FunctionalRating.objects.count() == 1
    assert GlobalImpressionAnswer.objects.count() == 1


@pytest.mark.parametrize(
    "route", ["api:activity-list", "api:functional-rating-list", "api:global-impression-list"]
)
def test_anonymous_api_calls_for_measures_are_forbidden(client: Client, route: str):
    assert client.get(reverse(route)).status_code == 403
    assert client.post(reverse(route), {}, content_type="application/json").status_code == 403


def test_the_measures_endpoints_are_in_the_schema(client: Client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/measures/activities/",
        "/api/measures/activities/{id}/",
        "/api/measures/functional-ratings/",
        "/api/measures/functional-ratings/{id}/",
        "/api/measures/global-impressions/",
        "/api/measures/global-impressions/{id}/",
    ):
        assert path in schema["paths"]


def measure_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/diary/measures/",
        "/api/measures/functional-ratings/",
        "/api/measures/global-impressions/",
        "/api/measures/activities/",
    ],
)
def test_the_measures_run_as_many_queries_for_1_rating_as_for_500(
    alice: User, alice_client: Client, url: str
):
    start_diary(alice, days_ago=30)
    name_activities(alice)
    rate(alice, [2, 3, 4])
    GlobalImpressionAnswer.objects.create(owner=alice, answer=3, since=date(2026, 1, 1))
    one = measure_queries(alice_client, url)
    activities = services.current_activities(alice)
    ratings = FunctionalRating.objects.bulk_create(
        FunctionalRating(owner=alice, rated_at=timezone.now() - timedelta(days=n))
        for n in range(1, 500)
    )
    ActivityScore.objects.bulk_create(
        ActivityScore(rating=rating, activity=activity, score=5)
        for rating in ratings
        for activity in activities
    )
    GlobalImpressionAnswer.objects.bulk_create(
        GlobalImpressionAnswer(owner=alice, answer=3, since=date(2026, 1, 1)) for _ in range(499)
    )
    assert measure_queries(alice_client, url) == one
