"""The project's own user model, from the start (Django's advice), so that fields can be
added later without a painful swap."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who keeps a pain diary. Sign-up asks only for a username, an optional
    e-mail address (needed only to reset a forgotten password) and a password."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
