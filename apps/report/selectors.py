"""Reads what a report needs from the diary (always the owner's own rows, in their time
zone) and hands plain facts to the pure builder."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.regions import region_catalogue
from apps.diary.models import ActivityScore, GlobalImpressionAnswer, PainEntry
from apps.diary.selectors import what_helped
from apps.report import builder
from apps.report.sections import Section
from apps.vocabulary import Feedback


def user_zone(owner: User) -> ZoneInfo:
    name = getattr(owner, "time_zone", "") or "UTC"
    try:
        return ZoneInfo(str(name))
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def period_bounds(owner: User, start: date, end: date) -> tuple[datetime, datetime]:
    zone = user_zone(owner)
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def entry_fact(entry: PainEntry, zone: ZoneInfo) -> builder.EntryFact:
    snapshot = entry.results or {}
    return builder.EntryFact(
        felt_at=timezone.localtime(entry.felt_at, zone),
        entered_later=entry.entered_later,
        overall_pain=entry.overall_pain,
        marks=tuple((mark["region"], int(mark["intensity"])) for mark in entry.marks),
        suspects=tuple(
            builder.SuspectFact(
                trigger_point=item["trigger_point"],
                side=item["side"],
                name=item.get("name", item["trigger_point"]),
                muscle_name=item.get("muscle_name", ""),
                rank=int(item.get("rank", 99)),
                confirmed=item.get("feedback") == Feedback.CONFIRMED,
            )
            for item in snapshot.get("results", [])
        ),
        warnings=tuple(
            builder.WarningFact(flag.get("code", flag["title"]), flag["title"], flag["urgency"])
            for flag in snapshot.get("red_flags", [])
        ),
    )


def report_input(
    owner: User, start: date, end: date, sections: frozenset[Section], questions: str = ""
) -> builder.ReportInput:
    """Seven queries whatever the diary's length: entries, the diary's "what helped" (two
    grouped queries and two name look-ups) and the two measures."""
    zone = user_zone(owner)
    since, until = period_bounds(owner, start, end)
    entries = PainEntry.objects.filter(owner=owner, felt_at__gte=since, felt_at__lt=until).only(
        "felt_at", "recorded_at", "overall_pain", "marks", "results"
    )
    helped = what_helped(owner, since, until)
    scores = ActivityScore.objects.filter(
        rating__owner=owner, rating__rated_at__gte=since, rating__rated_at__lt=until
    ).values_list("rating_id", "rating__rated_at", "activity__name", "score")
    impressions = GlobalImpressionAnswer.objects.filter(
        owner=owner, answered_at__gte=since, answered_at__lt=until
    ).values_list("answered_at", "answer")
    return builder.ReportInput(
        start=start,
        end=end,
        sections=sections,
        entries=tuple(entry_fact(entry, zone) for entry in entries),
        helped_techniques=tuple(helped["techniques"]),
        helped_points=tuple(helped["points"]),
        psfs=tuple(
            builder.PsfsFact(timezone.localtime(at, zone).date(), occasion, name, score)
            for occasion, at, name, score in scores
        ),
        pgic=tuple(
            builder.PgicFact(timezone.localtime(at, zone).date(), answer)
            for at, answer in impressions
        ),
        questions=questions,
        region_names={slug: info.name for slug, info in region_catalogue().regions.items()},
    )


def build(
    owner: User, start: date, end: date, sections: frozenset[Section], questions: str = ""
) -> builder.ReportData:
    return builder.build_report(report_input(owner, start, end, sections, questions))


def today_for(owner: User) -> date:
    return timezone.localtime(timezone.now(), user_zone(owner)).date()
