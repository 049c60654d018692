from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.diary import services
from apps.diary.models import (
    ActivityScore,
    FunctionalActivity,
    FunctionalRating,
    GlobalImpressionAnswer,
    PainEntry,
    Treatment,
)
from apps.report.sections import ALL_SECTIONS
from apps.report.services import ReportChoice, create_share, record_opening, revoke
from tests.diary.conftest import (  # noqa: F401  (fixtures)
    PASSWORD_HASH,
    alice,
    alice_client,
    bob,
    bob_client,
    make_entry,
)

PASSWORD = "correct-horse-battery-41"


def fill_diary(owner: User, marker: str) -> str:
    """Two entries (one with no map), a treatment linked to one, the functional scale with
    three activities (one retired) rated twice, an impression of change, and two share
    links (one live and opened twice, one revoked). Returns the live link's token."""
    first = make_entry(owner, hours_ago=50, overall_pain=7, notes=f"{marker}: after a long drive")
    services.store_entries(  # as every entry is stored: with its summary
        [PainEntry(owner=owner, felt_at=timezone.now() - timedelta(hours=3), overall_pain=2)]
    )
    Treatment.objects.create(
        owner=owner,
        trigger_point="temporalis-1",
        side="r",
        technique="sustained-pressure",
        minutes=5,
        pain_before=6,
        pain_after=3,
        entry=first,
        done_at=timezone.now() - timedelta(hours=49),
    )
    Treatment.objects.create(
        owner=owner,
        trigger_point="trapezius-upper-1",
        side="l",
        technique="sustained-pressure",
        minutes=10,
        pain_before=5,
        pain_after=5,
        done_at=timezone.now() - timedelta(hours=20),
    )
    activities = [
        FunctionalActivity.objects.create(owner=owner, name=name)
        for name in (f"{marker} reading", "Driving", "Carrying shopping")
    ]
    for days_ago, scores in ((10, (3, 4, 2)), (2, (6, 5, 4))):
        rating = FunctionalRating.objects.create(
            owner=owner, rated_at=timezone.now() - timedelta(days=days_ago)
        )
        for activity, score in zip(activities, scores, strict=True):
            ActivityScore.objects.create(rating=rating, activity=activity, score=score)
    activities[2].retired_at = timezone.now() - timedelta(days=1)
    activities[2].save()
    GlobalImpressionAnswer.objects.create(
        owner=owner,
        answer=2,
        answered_at=timezone.now() - timedelta(days=1),
        since=date(2026, 1, 5),
    )
    choice = ReportChoice(
        date(2026, 1, 5), timezone.localdate(), frozenset(ALL_SECTIONS), f"{marker}: a question"
    )
    share, token = create_share(owner, f"{marker}'s physiotherapist", 14, choice)
    record_opening(share, pdf=False)
    record_opening(share, pdf=True)
    old, _ = create_share(owner, "Old massage therapist", 3, choice)
    revoke(old)
    return token


@pytest.fixture
def alices_diary(alice: User) -> User:  # noqa: F811
    fill_diary(alice, "alice")
    return alice


@pytest.fixture
def bobs_diary(bob: User) -> User:  # noqa: F811
    fill_diary(bob, "bob")
    return bob
