"""The signed-in user of a request that needs one, typed as the project's `User`."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from apps.accounts.models import User


def signed_in_user(user: User | AnonymousUser) -> User:
    """`request.user` where a sign-in is required (`LoginRequiredMiddleware` for pages,
    `IsAuthenticated` for the API); anyone else is refused (403), never served."""
    if not isinstance(user, User):
        raise PermissionDenied
    return user
