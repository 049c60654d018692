"""The project's own user model, from the start (Django's advice), so that fields can be
added later without a painful swap."""

from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractUser
from django.db import models

TIME_ZONES = sorted(available_timezones() - {"localtime", "Factory"})


class User(AbstractUser):
    """A person who keeps a pain diary. Sign-up asks only for a username, an optional
    e-mail address (needed only to reset a forgotten password) and a password."""

    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        choices=[(zone, zone.replace("_", " ")) for zone in TIME_ZONES],
        help_text="Diary times are entered and shown in this time zone.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
