"""The base of the API views that answer only a signed-in owner: session authentication
with CSRF, 403 to anyone else, never cached; and one way to fetch the owner's own object
(another user's object is a 404 to every verb, the same as one that does not exist)."""

from typing import Any

from django.db.models import Model
from django.utils.cache import add_never_cache_headers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.signed_in import signed_in_user
from config.api import ApiView


class OwnerApi(ApiView):
    """Answers only a signed-in user (403 otherwise, in JSON), and never lets an answer be
    cached: everything behind it is the user's own health data."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class OwnObjectApi[Own: Model](OwnerApi):
    """A view of one object the signed-in user owns (`model` has an `owner`), found by the
    URL's `pk` before the method is checked: another user's object, or none, is a 404 to
    every verb, so nobody learns which ids exist."""

    model: type[Own]
    object: Own

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        found = self.model._default_manager.filter(
            owner=signed_in_user(request.user), pk=kwargs["pk"]
        ).first()
        if found is None:
            raise NotFound()
        self.object = found
