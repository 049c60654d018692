"""The signed-in user of a request that needs one, typed as the project's `User`, and the
rows that user owns."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from apps.accounts.models import User


def signed_in_user(user: User | AnonymousUser) -> User:
    """`request.user` where a sign-in is required (`LoginRequiredMiddleware` for pages,
    `IsAuthenticated` for the API); anyone else is refused (403), never served."""
    if not isinstance(user, User):
        raise PermissionDenied
    return user


type View = Callable[..., HttpResponse]


def with_own(model: type[Model]) -> Callable[[View], View]:
    """A view decorator: looks the `pk` of the URL up among the signed-in user's own rows of
    `model` before anything else (the method check included), so another user's row
    answers 404 to every verb; the view gets the row instead of the `pk`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
            return view(request, get_object_or_404(model, pk=pk, owner=request.user))

        return wrapped

    return decorator
