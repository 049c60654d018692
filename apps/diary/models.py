"""A private pain diary. History keeps region and trigger-point slugs plus a snapshot of
what was shown, never foreign keys into reference data: reloading the regions or the
knowledge base never deletes, blocks or rewrites anyone's past entries."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from apps.vocabulary import BODY_SIDES, choices

MAX_NOTES = 2000
MIN_OVERALL_PAIN, MAX_OVERALL_PAIN = 0, 10


class PainEntry(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pain_entries"
    )
    felt_at = models.DateTimeField(
        "when the pain was", default=timezone.now, help_text="Never in the future."
    )
    recorded_at = models.DateTimeField("when it was entered", auto_now_add=True)
    marks = models.JSONField(
        default=list, help_text='[{"region", "intensity", "pain"}], as the match API takes them.'
    )
    symptoms = models.JSONField(default=list, help_text="Warning-sign slugs ticked.")
    overall_pain = models.PositiveSmallIntegerField(
        "overall pain (0–10)",
        validators=[MinValueValidator(MIN_OVERALL_PAIN), MaxValueValidator(MAX_OVERALL_PAIN)],
    )
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(MAX_NOTES)])
    results = models.JSONField(
        default=dict, help_text="The results and warnings as shown when saved (a snapshot)."
    )
    knowledge_digest = models.CharField(max_length=64, blank=True)
    engine_version = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name_plural = "pain entries"
        ordering = ["-felt_at", "-id"]
        indexes = [models.Index(fields=["owner", "-felt_at", "-id"], name="entry_timeline")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall_pain__lte=MAX_OVERALL_PAIN),
                name="entry_overall_pain_0_10",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("notes"), MAX_NOTES), name="entry_notes_max_2000"
            ),
        ]

    def __str__(self) -> str:
        return f"Pain entry {self.pk}"

    @property
    def painful_regions(self) -> int:
        return len(self.marks)

    @property
    def burden(self) -> int:
        """Body burden: the sum of the intensities marked."""
        return sum(mark["intensity"] for mark in self.marks)

    @property
    def entered_later(self) -> bool:
        """Entered more than an hour after the pain it describes."""
        return (self.recorded_at - self.felt_at).total_seconds() > 3600


MIN_MINUTES, MAX_MINUTES = 1, 240


class Treatment(models.Model):
    """“I treated this trigger point (side) with this technique for N minutes.” Slugs, not
    foreign keys, for the same reason as entries."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="treatments"
    )
    trigger_point = models.SlugField(max_length=100)
    side = models.CharField(max_length=1, choices=choices(BODY_SIDES, mid_sentence=True))
    technique = models.SlugField(max_length=100)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)]
    )
    pain_before = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_OVERALL_PAIN), MaxValueValidator(MAX_OVERALL_PAIN)]
    )
    pain_after = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_OVERALL_PAIN), MaxValueValidator(MAX_OVERALL_PAIN)]
    )
    done_at = models.DateTimeField(default=timezone.now)
    entry = models.ForeignKey(
        PainEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="treatments"
    )

    class Meta:
        ordering = ["-done_at", "-id"]
        indexes = [models.Index(fields=["owner", "-done_at", "-id"], name="treatment_log")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES),
                name="treatment_minutes_1_240",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    pain_before__lte=MAX_OVERALL_PAIN, pain_after__lte=MAX_OVERALL_PAIN
                ),
                name="treatment_pain_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"Treatment {self.pk}"

    @property
    def change(self) -> int:
        """Points better (positive) or worse (negative)."""
        return self.pain_before - self.pain_after
