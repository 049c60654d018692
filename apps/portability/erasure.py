"""“Delete my account”: the user and everything they own, in one transaction. Their rows go
with the user (every model that belongs to a user cascades from it); what is kept by name
or inside other data is removed here by hand: django-axes' log-in records for their
username and their sessions."""

from typing import Any

from axes.models import (  # type: ignore[import-untyped]
    AccessAttempt,
    AccessFailureLog,
    AccessLog,
)
from django.contrib.auth import SESSION_KEY, authenticate
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest

from apps.accounts.models import User

WRONG_PASSWORD = (
    "That is not your password. (After 5 wrong tries, wait 15 minutes before trying again.)"
)


def password_confirms(request: HttpRequest, user: User, password: Any) -> bool:
    """The password, checked through the log-in backends so wrong tries count towards
    the same lock-out as logging in."""
    if not isinstance(password, str) or not password:
        return False
    confirmed = authenticate(request, username=user.get_username(), password=password)
    return confirmed is not None and confirmed.pk == user.pk


def session_keys_of(user: User) -> list[str]:
    wanted = str(user.pk)
    keys = []
    for session in Session.objects.iterator(chunk_size=1000):
        if str(session.get_decoded().get(SESSION_KEY)) == wanted:
            keys.append(session.session_key)
    return keys


@transaction.atomic
def erase_account(user: User) -> None:
    username = user.get_username()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    Session.objects.filter(session_key__in=session_keys_of(user)).delete()
    user.delete()
