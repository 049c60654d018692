"""What schemathesis cannot read from the OpenAPI schema, taught through its documented
hooks (loaded with SCHEMATHESIS_HOOKS=tests.prod.schemathesis_hooks by
tests/prod/test_schemathesis.py).

Signing in: with ST_SIGN_IN_URL, ST_USERNAME and ST_PASSWORD set, an auth provider signs in
through the log-in page and puts the session cookie (the schema's `cookieAuth`), the CSRF
cookie and the X-CSRFToken header on each request. Being an auth provider, not a fixed
header, schemathesis leaves it off the cases it makes without the session cookie, so the
signed-in run also checks that those are refused.

Bodies: rules JSON Schema cannot say are kept out of the positive cases (`filter_body`);
each is a rule the server rightly enforces with a 400 naming the field:
- a pain map marks each region once;
- no trigger point is both confirmed and denied, and a diary entry gives feedback only
  with a pain map or a symptom (feedback is about the points that map suggests);
- a time is never in the future (felt_at, done_at, rated_at; a share's end date) and a
  share's start is not after its end;
- names are trimmed, so a name of spaces only is empty (an activity, a share's recipient).
A treatment's `entry` must be one of the user's own entries, which a generator cannot know:
positive cases log it without one (`map_case`; linking is tested in tests/diary).

State: a few refusals depend on what the user has done before, which no schema can say
(`filter_failure` drops exactly these, by operation and message; every other refusal of a
schema-valid request still fails the run):
- DELETE /api/me/ erases the account only after the user's own password (which the run
  must never send, or alice would be gone);
- at most 5 activities are rated at a time, each name once; a rating needs at least 3
  and scores each current activity once, by its id;
- the global impression of change is offered two weeks after the first entry, then once
  a week.
"""

import os
from datetime import UTC, date, datetime
from typing import Any

import requests
import schemathesis
from schemathesis.generation.modes import GenerationMode

LOG_IN_PAGE = os.environ.get("ST_SIGN_IN_URL", "")
USERNAME = os.environ.get("ST_USERNAME", "")
PASSWORD = os.environ.get("ST_PASSWORD", "")
CSRF_FIELD = 'name="csrfmiddlewaretoken" value="'


if LOG_IN_PAGE:

    @schemathesis.auth()
    class SignedIn:
        """Alice's session, signed in through the log-in page like a browser."""

        def get(self, case: Any, context: Any) -> dict[str, str]:
            session = requests.Session()
            page = session.get(LOG_IN_PAGE, timeout=10).text
            token = page.split(CSRF_FIELD, 1)[1].split('"', 1)[0]
            answer = session.post(
                LOG_IN_PAGE,
                {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
                allow_redirects=False,
                timeout=10,
            )
            if answer.status_code != 302:
                raise RuntimeError(f"signing in failed: {answer.status_code}")
            return dict(session.cookies.items())

        def set(self, case: Any, data: dict[str, str], context: Any) -> None:
            case.cookies = {**(case.cookies or {}), **data}
            case.headers = {**(case.headers or {}), "X-CSRFToken": data["csrftoken"]}


# (operation, field, how the message starts) of the refusals that depend on earlier calls.
STATE_RULES = {
    ("DELETE /api/me/", "password", "That is not your password."),
    ("POST /api/measures/activities/", "name", "Rate at most "),
    ("POST /api/measures/activities/", "name", "You are already rating this activity."),
    ("POST /api/measures/functional-ratings/", "scores", "Name at least "),
    ("POST /api/measures/functional-ratings/", "scores", "Not one of your current activities"),
    ("POST /api/measures/functional-ratings/", "scores", "Rate every activity; missing:"),
    ("POST /api/measures/global-impressions/", "answer", "Offered two weeks after "),
    ("POST /api/measures/global-impressions/", "answer", "Next offered on "),
}


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """False (drop) for a schema-valid request refused only by a rule of `STATE_RULES`."""
    if failure.code != "ST202" or response.status_code != 400:
        return True
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    try:
        errors = response.json()
    except ValueError:
        return True
    if not isinstance(errors, dict) or not errors:
        return True
    for field, messages in errors.items():
        texts = _texts(messages)
        if not texts or not all(
            any(rule[:2] == (operation, field) and text.startswith(rule[2]) for rule in STATE_RULES)
            for text in texts
        ):
            return True
    return False


def _texts(messages: Any) -> list[str]:
    """Every message in DRF's error shape (a list, or lists by item and field)."""
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, list):
        return [text for item in messages for text in _texts(item)]
    if isinstance(messages, dict):
        return [text for item in messages.values() for text in _texts(item)]
    return []


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    """A positive treatment is logged without a diary entry (see the module's docstring)."""
    meta = case.meta
    if (
        meta is not None
        and meta.generation.mode == GenerationMode.POSITIVE
        and case.operation.path.startswith("/api/treatments/")
        and isinstance(case.body, dict)
        and case.body.get("entry") is not None
    ):
        case.body = {**case.body, "entry": None}
    return case


DIARY_BODIES = {"/api/match/", "/api/entries/", "/api/entries/{id}/"}
TIMES = ("felt_at", "done_at", "rated_at")


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    """Keeps out of the positive cases the bodies the server rightly refuses for a rule the
    schema cannot state (see the module's docstring). Negative cases are left alone."""
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return True
    body = case.body
    if not isinstance(body, dict):
        return True
    path = case.operation.path
    for name in ("name", "recipient"):
        if isinstance(body.get(name), str) and not body[name].strip():
            return False
    if path in DIARY_BODIES and not _feedback_holds(body, entry=path != "/api/match/"):
        return False
    now = datetime.now(UTC)
    for name in TIMES:
        when = _datetime(body.get(name))
        if when is not None and when > now:
            return False
    if path == "/api/shares/":
        start, end = _date(body.get("start")), _date(body.get("end"))
        if end is not None and end > now.date():
            return False
        if start is not None and end is not None and start > end:
            return False
    return True


def _feedback_holds(body: dict[str, Any], entry: bool) -> bool:
    marks = body.get("marks") or []
    regions = [mark.get("region") for mark in marks if isinstance(mark, dict)]
    if len(regions) != len(set(map(str, regions))):
        return False  # a region marked twice
    confirmed, denied = body.get("confirmed") or [], body.get("denied") or []
    if set(map(str, confirmed)) & set(map(str, denied)):
        return False  # both confirmed and denied
    return not (entry and (confirmed or denied) and not marks and not body.get("symptoms"))


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
