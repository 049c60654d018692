"""A private pain diary. History keeps region and trigger-point slugs plus a snapshot of
what was shown, never foreign keys into reference data: reloading the regions or the
knowledge base never deletes, blocks or rewrites anyone's past entries."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length, Lower
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
    confirmed = models.JSONField(
        default=list,
        help_text="Trigger points (`slug` or `slug:side`) where pressing brought on the pain.",
    )
    denied = models.JSONField(
        default=list, help_text="Trigger points (`slug` or `slug:side`) not tender when pressed."
    )
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

    # The entry's summary, stored with it by apps.diary.services whenever the entry is
    # saved (see apps.diary.progress.summarise_entry), so the progress page sums these
    # instead of reading every map; `felt_at_epoch` lets the database number local days
    # in whole-number arithmetic (apps.diary.selectors.range_facts).
    felt_at_epoch = models.BigIntegerField(
        default=0, editable=False, help_text="`felt_at` in whole seconds since 1970 (UTC)."
    )
    painful_regions = models.PositiveSmallIntegerField(default=0, editable=False)
    burden = models.PositiveSmallIntegerField(
        default=0, editable=False, help_text="Body burden: the sum of the intensities marked."
    )
    widespread_areas = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        help_text="How many of the 19 Widespread Pain Index areas have a marked region (for "
        "information, not a diagnosis; see apps.diary.progress).",
    )

    class Meta:
        verbose_name_plural = "pain entries"
        ordering = ["-felt_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-felt_at", "-id"], name="entry_timeline"),
            # Covers the progress page's sums per day (apps.diary.selectors.range_facts), so
            # they never read the entries' wide rows (maps, snapshots, notes).
            models.Index(
                fields=[
                    "owner",
                    "felt_at",
                    "felt_at_epoch",
                    "overall_pain",
                    "painful_regions",
                    "burden",
                ],
                name="entry_progress",
            ),
        ]
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
    def entered_later(self) -> bool:
        """Entered more than an hour after the pain it describes."""
        return (self.recorded_at - self.felt_at).total_seconds() > 3600


class MarkedRegion(models.Model):
    """One region of an entry's map and its strength, stored with the entry (by
    apps.diary.services, from `PainEntry.marks`) so that sums per day and region over a
    date range are one grouped query. A slug, not a foreign key, as everywhere in history."""

    entry = models.ForeignKey(  # indexed by `marked_regions`, which starts with it
        PainEntry, on_delete=models.CASCADE, related_name="marked_regions", db_index=False
    )
    region = models.SlugField(max_length=100, db_index=False)  # one row a region of a map
    intensity = models.PositiveSmallIntegerField()

    class Meta:
        # Covers the sums per day and region: they never read the table itself.
        indexes = [models.Index(fields=["entry", "region", "intensity"], name="marked_regions")]

    def __str__(self) -> str:
        return f"Marked region {self.pk}"


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


# ---------------------------------------------------------------------------------------
# Measures clinicians recognise (free to use only; see docs/measures.md)
# ---------------------------------------------------------------------------------------

MIN_ACTIVITIES, MAX_ACTIVITIES = 3, 5
MAX_ACTIVITY_NAME = 80
MIN_FUNCTION_SCORE, MAX_FUNCTION_SCORE = 0, 10


class FunctionalActivity(models.Model):
    """Patient-Specific Functional Scale (Stratford et al. 1995): an activity the user
    names as one that pain limits. 3–5 are rated at a time; an activity is retired, never
    renamed or deleted once rated, so past scores keep meaning what they meant."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="functional_activities"
    )
    name = models.CharField(max_length=MAX_ACTIVITY_NAME)
    added_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "functional activities"
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "owner",
                condition=models.Q(retired_at__isnull=True),
                name="activity_name_unique_while_rated",
            ),
        ]

    def __str__(self) -> str:
        return f"Functional activity {self.pk}"


class FunctionalRating(models.Model):
    """One occasion of rating every current activity 0 (unable) to 10 (as before the
    problem). The PSFS score is the mean of that occasion's activity scores; a change of
    2 points in the mean counts as meaningful."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="functional_ratings"
    )
    rated_at = models.DateTimeField(default=timezone.now, help_text="Never in the future.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-rated_at", "-id"]
        indexes = [models.Index(fields=["owner", "-rated_at", "-id"], name="functional_ratings")]

    def __str__(self) -> str:
        return f"Functional rating {self.pk}"


class ActivityScore(models.Model):
    rating = models.ForeignKey(FunctionalRating, on_delete=models.CASCADE, related_name="scores")
    activity = models.ForeignKey(
        FunctionalActivity, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_FUNCTION_SCORE), MaxValueValidator(MAX_FUNCTION_SCORE)]
    )

    class Meta:
        ordering = ["activity__added_at", "activity_id"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "activity"], name="one_score_per_activity"),
            models.CheckConstraint(
                condition=models.Q(score__lte=MAX_FUNCTION_SCORE), name="activity_score_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"Activity score {self.pk}"


class GlobalImpression(models.IntegerChoices):
    """Patient Global Impression of Change, 7 points (Guy 1976, ECDEU Assessment Manual,
    a US government publication in the public domain; the IMMPACT recommendation,
    Dworkin et al. 2005). Lower is better."""

    VERY_MUCH_IMPROVED = 1, "Very much improved"
    MUCH_IMPROVED = 2, "Much improved"
    MINIMALLY_IMPROVED = 3, "Minimally improved"
    NO_CHANGE = 4, "No change"
    MINIMALLY_WORSE = 5, "Minimally worse"
    MUCH_WORSE = 6, "Much worse"
    VERY_MUCH_WORSE = 7, "Very much worse"


class GlobalImpressionAnswer(models.Model):
    """“Since you started this diary, how would you describe the change in your pain?”
    Offered once a week after the first two weeks of the diary (see services)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="global_impressions"
    )
    answer = models.PositiveSmallIntegerField(choices=GlobalImpression.choices)
    answered_at = models.DateTimeField(default=timezone.now)
    since = models.DateField(help_text="The start of the diary the change is judged against.")

    class Meta:
        ordering = ["-answered_at", "-id"]
        indexes = [models.Index(fields=["owner", "-answered_at", "-id"], name="global_impressions")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer__gte=1, answer__lte=7), name="global_impression_1_7"
            ),
        ]

    def __str__(self) -> str:
        return f"Global impression {self.pk}"
