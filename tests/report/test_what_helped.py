"""“What helped” in the report is the diary's own (apps.diary.selectors.what_helped), over
the report's period: the same figures as the treatments page, with their session counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.diary import selectors as diary_selectors
from apps.diary.models import Treatment
from apps.report import selectors
from apps.report.sections import ALL_SECTIONS

pytestmark = pytest.mark.django_db


def treat(
    owner: User, point: str, side: str, technique: str, before: int, after: int, days_ago: int
):
    Treatment.objects.create(
        owner=owner,
        trigger_point=point,
        side=side,
        technique=technique,
        minutes=5,
        pain_before=before,
        pain_after=after,
        done_at=timezone.now() - timedelta(days=days_ago),
    )


def test_what_helped_keeps_the_session_count_and_hides_figures_under_three_sessions(
    alice: User,
):
    for days_ago in (1, 2, 3):
        treat(alice, "temporalis-1", "r", "sustained-pressure", 6, 3, days_ago)
    treat(alice, "masseter-1", "l", "stretching", 5, 5, 4)
    today = timezone.localdate()
    r = selectors.build(alice, today - timedelta(days=27), today, frozenset(ALL_SECTIONS))
    best, weak = r.helped_techniques
    assert (best.name, best.sessions, best.average_change, best.shown) == (
        "Sustained pressure (ischaemic compression)",
        3,
        3.0,
        True,
    )
    assert (weak.sessions, weak.shown) == (1, False)
    assert [(p.side_name, p.sessions) for p in r.helped_points] == [("right", 3), ("left", 1)]
    assert r.sessions == 4


def test_the_report_counts_only_the_sessions_of_its_period_as_the_diary_does(alice: User):
    treat(alice, "temporalis-1", "r", "sustained-pressure", 6, 2, 2)
    treat(alice, "temporalis-1", "r", "sustained-pressure", 6, 6, 40)  # before the period
    today = timezone.localdate()
    start = today - timedelta(days=27)
    r = selectors.build(alice, start, today, frozenset(ALL_SECTIONS))
    since, until = selectors.period_bounds(alice, start, today)
    in_period = diary_selectors.what_helped(alice, since, until)
    assert list(r.helped_techniques) == in_period["techniques"]
    assert list(r.helped_points) == in_period["points"]
    assert [(h.sessions, h.average_change) for h in r.helped_techniques] == [(1, 4.0)]
    assert diary_selectors.what_helped(alice)["techniques"][0].sessions == 2
