"""Choosing a report (period and sections) and share links: validation, tokens, openings.

One validator for the report form, the share form and the share API, so each gives the
same message for the same mistake."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.report.models import MAX_QUESTIONS, MAX_RECIPIENT, Share, ShareOpening
from apps.report.sections import ALL_SECTIONS, Section

DEFAULT_DAYS, MAX_DAYS = 14, 90  # how long a share link lasts
MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 90
TOKEN_BYTES = 32  # 256 random bits


class ReportInputError(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class ReportChoice:
    start: date
    end: date
    sections: frozenset[Section]
    questions: str = ""


def _date(value: Any, field: str, errors: dict[str, list[str]]) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.setdefault(field, []).append("Enter a date as YYYY-MM-DD.")
    return None


def validate_choice(
    *, start: Any, end: Any, sections: Any, questions: Any = "", today: date
) -> ReportChoice:
    errors: dict[str, list[str]] = {}
    first = _date(start, "start", errors)
    last = _date(end, "end", errors)
    if last is not None and last > today:
        errors.setdefault("end", []).append("The period cannot end in the future.")
    if first is not None and last is not None:
        if first > last:
            errors.setdefault("start", []).append("The start must be on or before the end.")
        elif (last - first).days >= MAX_PERIOD_DAYS:
            errors.setdefault("start", []).append(
                f"Choose a period of at most {MAX_PERIOD_DAYS} days."
            )
    chosen: set[Section] = set()
    if not isinstance(sections, list | tuple) or not all(isinstance(s, str) for s in sections):
        errors.setdefault("sections", []).append("Expected a list of section names.")
    else:
        unknown = [s for s in sections if s not in Section.__members__.values()]
        if unknown:
            errors.setdefault("sections", []).append(
                f"Unknown section: {', '.join(unknown)}. "
                f"Choose from {', '.join(s.value for s in ALL_SECTIONS)}."
            )
        elif not sections:
            errors.setdefault("sections", []).append("Choose at least one section.")
        chosen = {Section(s) for s in sections if s in Section.__members__.values()}
    if questions is None:
        questions = ""
    if not isinstance(questions, str):
        errors.setdefault("questions", []).append("Expected text.")
    elif len(questions) > MAX_QUESTIONS:
        errors.setdefault("questions", []).append(
            f"At most {MAX_QUESTIONS} characters (you wrote {len(questions)})."
        )
    if errors or first is None or last is None:
        raise ReportInputError(errors)
    return ReportChoice(first, last, frozenset(chosen), str(questions).strip())


def default_choice(today: date) -> ReportChoice:
    return ReportChoice(
        today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), today, frozenset(ALL_SECTIONS)
    )


def ordered(sections: Iterable[Section]) -> list[str]:
    chosen = set(sections)
    return [s.value for s in ALL_SECTIONS if s in chosen]


# Share links ----------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def validate_share(*, recipient: Any, days: Any) -> tuple[str, int]:
    errors: dict[str, list[str]] = {}
    name = recipient.strip() if isinstance(recipient, str) else ""
    if not name:
        errors["recipient"] = ["Name who the link is for (e.g. “Sam, my physiotherapist”)."]
    elif len(name) > MAX_RECIPIENT:
        errors["recipient"] = [f"At most {MAX_RECIPIENT} characters."]
    if days is None or days == "":
        days = DEFAULT_DAYS
    if isinstance(days, str) and days.strip().isdigit():
        days = int(days)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = [f"A whole number of days from 1 to {MAX_DAYS}."]
    if errors:
        raise ReportInputError(errors)
    return name, int(days)


@transaction.atomic
def create_share(owner: User, recipient: str, days: int, choice: ReportChoice) -> tuple[Share, str]:
    """A new link; the token is returned once and only its hash is kept."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    share = Share.objects.create(
        owner=owner,
        recipient=recipient,
        token_hash=token_hash(token),
        sections=ordered(choice.sections),
        start=choice.start,
        end=choice.end,
        questions=choice.questions,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return share, token


def open_share(token: str) -> Share | None:
    """The live share for a token: None when unknown, expired or revoked (all the same)."""
    if not token or len(token) > 100:
        return None
    return (
        Share.objects.select_related("owner")
        .filter(
            token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


def record_opening(share: Share, *, pdf: bool) -> None:
    ShareOpening.objects.create(share=share, pdf=pdf)


def revoke(share: Share) -> None:
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])


def is_live(share: Share) -> bool:
    return share.revoked_at is None and share.expires_at > timezone.now()


def choice_of(share: Share) -> ReportChoice:
    return ReportChoice(
        share.start,
        share.end,
        frozenset(Section(s) for s in share.sections if s in Section.__members__.values()),
        share.questions,
    )
