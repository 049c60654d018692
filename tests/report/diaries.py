"""A three-month diary for report tests: daily entries, pain easing week by week, a right
temple that hurts throughout and a left calf that stops, treatments and a warning."""

from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.marks import PainKind, PainMark
from apps.diary import services
from apps.diary.models import PainEntry, Treatment

DAYS = 91


def three_month_diary(owner: User, *, days: int = DAYS) -> list[PainEntry]:
    today = timezone.localdate()
    entries = []
    for day in range(days):
        when = timezone.make_aware(
            datetime.combine(today - timedelta(days=days - 1 - day), datetime.min.time())
        ) + timedelta(hours=20)
        pain = max(1, 8 - day // 14)
        marks = [PainMark("temple-r", pain, PainKind.SPONTANEOUS)]
        if day < min(45, days // 2):
            marks.append(PainMark("calf-l", 4, PainKind.ON_MOVEMENT))
        data = services.EntryInput(
            felt_at=when,
            marks=tuple(marks),
            symptoms=("chest-pressure",) if day == 10 else (),
            overall_pain=pain,
            notes="",
        )
        entries.append(services.save_entry(owner, data))
    # Entered at the time of the pain, but two of them two days later.
    PainEntry.objects.filter(owner=owner).update(recorded_at=F("felt_at"))
    later = entries[3:5]
    PainEntry.objects.filter(pk__in=[entry.pk for entry in later]).update(
        recorded_at=F("felt_at") + timedelta(days=2)
    )
    for index in range(4):
        Treatment.objects.create(
            owner=owner,
            trigger_point="temporalis-1",
            side="r",
            technique="sustained-pressure",
            minutes=5,
            pain_before=6,
            pain_after=3 + index % 2,
            done_at=entries[min(len(entries) - 1, 20 + index)].felt_at,
        )
    return entries
