"""Share links: a named recipient may open a read-only report until the link expires or
is revoked. The token is never stored, only its SHA-256."""

from django.conf import settings
from django.db import models

MAX_RECIPIENT = 100
MAX_QUESTIONS = 1000


class Share(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares"
    )
    recipient = models.CharField(max_length=MAX_RECIPIENT)
    token_hash = models.CharField(max_length=64, unique=True)
    sections = models.JSONField(default=list)
    start = models.DateField()
    end = models.DateField()
    questions = models.TextField(blank=True, max_length=MAX_QUESTIONS)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="share_owner")]

    def __str__(self) -> str:
        return f"Share {self.pk}"


class ShareOpening(models.Model):
    """One opening of a share link (the page or the PDF); nothing about who opened it."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="openings")
    opened_at = models.DateTimeField(auto_now_add=True)
    pdf = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"Opening {self.pk}"
