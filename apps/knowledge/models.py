from django.db import models
from django.urls import reverse

from apps.bodymap.models import Region, View
from apps.knowledge.involvement import HIP_INVOLVEMENTS, Involvement
from apps.vocabulary import Prevalence, choices

__all__ = ["HIP_INVOLVEMENTS", "Involvement"]  # re-exported: the vocabulary lives in involvement.py


class BodyArea(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """A cited work: a book or an article."""

    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    authors = models.CharField(max_length=300)
    edition = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField()
    publisher = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}"


class TechniqueKind(models.TextChoices):
    SELF = "self", "Self-treatment"
    PROFESSIONAL = "professional", "Professional treatment"


class Technique(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=TechniqueKind.choices)
    summary = models.TextField()
    how_it_works = models.TextField()
    steps = models.JSONField(default=list)
    dose = models.TextField(help_text="The dose rule in words, built from `dose_rule`.")
    dose_rule = models.JSONField(
        default=dict,
        help_text="Self techniques: each_spot, sessions, spots_per_session, pressure, stop.",
    )
    suits = models.TextField()
    cautions = models.JSONField(default=list)
    contraindications = models.JSONField(default=list)
    evidence = models.TextField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:technique", args=[self.slug])


class Muscle(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    area = models.ForeignKey(BodyArea, on_delete=models.PROTECT, related_name="muscles")
    aliases = models.JSONField(default=list)
    summary = models.TextField()
    stretch_name = models.CharField(max_length=160)
    stretch_steps = models.JSONField(default=list)
    stretch_hold = models.TextField()
    stretch_involves = models.JSONField(
        default=list, help_text="Involvement values: what the stretch physically does."
    )
    stretch_cautions = models.JSONField(
        default=list, help_text="The stretch's own cautions and the stop rules its movements need."
    )
    associated_muscles = models.ManyToManyField("self", blank=True)
    search_text = models.TextField(help_text="Name, slug and aliases, lower case, for search.")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["area__order", "position"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:muscle", args=[self.slug])


class TriggerPoint(models.Model):
    """A trigger point of one muscle, described for the patient's right side.

    The left muscle's trigger point mirrors it; see `ReferralZone.crossing`."""

    slug = models.SlugField(max_length=100, unique=True)
    muscle = models.ForeignKey(Muscle, on_delete=models.CASCADE, related_name="trigger_points")
    name = models.CharField(max_length=160)
    location = models.TextField()
    site_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    site_view = models.CharField(max_length=5, choices=View.choices)
    site_x = models.FloatField()
    site_y = models.FloatField()
    prevalence = models.CharField(max_length=12, choices=choices(Prevalence))
    symptoms = models.JSONField(default=list)
    activation = models.JSONField(default=list)
    perpetuation = models.JSONField(default=list)
    palpation = models.TextField()
    cautions = models.JSONField(default=list)
    warning_signs = models.JSONField(
        default=list,
        help_text="Symptoms that need a doctor when new; never shown as ordinary symptoms.",
    )
    see_a_professional = models.TextField()
    self_treatable = models.BooleanField(
        default=True, help_text="False: no page tells the user to press or massage it."
    )
    treated_by = models.CharField(
        max_length=200, blank=True, help_text="Who treats it when it is not self-treatable."
    )
    refers_pain = models.BooleanField(
        default=True,
        help_text="False: not a pain pattern (never a pain-map candidate, never mirrored).",
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["muscle__area__order", "muscle__position", "position"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:trigger-point", args=[self.slug])


class ZoneKind(models.TextChoices):
    ESSENTIAL = "essential", "Essential (nearly always felt)"
    SPILLOVER = "spillover", "Spillover (sometimes felt)"


class Crossing(models.TextChoices):
    SAME = "same", "Same side as the trigger point"
    OPPOSITE = "opposite", "The other side"
    BOTH = "both", "Both sides"


class ReferralZone(models.Model):
    """One region of a referral pattern. `region` is resolved for the right-side trigger point."""

    trigger_point = models.ForeignKey(TriggerPoint, on_delete=models.CASCADE, related_name="zones")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=9, choices=ZoneKind.choices)
    crossing = models.CharField(max_length=8, choices=Crossing.choices, default=Crossing.SAME)

    class Meta:
        ordering = ["kind", "region__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["trigger_point", "region", "crossing"], name="unique_zone_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trigger_point.slug}: {self.kind} {self.region.slug} ({self.crossing})"


class SelfCare(models.Model):
    """How to apply one technique to one trigger point."""

    trigger_point = models.ForeignKey(
        TriggerPoint, on_delete=models.CASCADE, related_name="self_care"
    )
    technique = models.ForeignKey(Technique, on_delete=models.PROTECT, related_name="self_care")
    steps = models.JSONField(default=list)
    dose = models.TextField(help_text="The technique's dose rule, copied by the loader.")
    dose_note = models.TextField(blank=True, help_text="Point-specific advice, no numbers.")
    involves = models.JSONField(
        default=list, help_text="Involvement values: what this self-care physically does."
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.trigger_point.slug}: {self.technique.slug}"


class Citation(models.Model):
    """A reference from a trigger point or a technique: a catalogued work and chapter, or an
    article's address."""

    trigger_point = models.ForeignKey(
        TriggerPoint, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    technique = models.ForeignKey(
        Technique, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    chapter = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=400, blank=True)
    title = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trigger_point__isnull=True) ^ models.Q(technique__isnull=True),
                name="citation_has_one_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(source__isnull=False) | ~models.Q(url=""),
                name="citation_has_source_or_url",
            ),
        ]

    def __str__(self) -> str:
        if self.source_id:
            return f"{self.source}, chapter {self.chapter}" if self.chapter else str(self.source)
        return f"{self.title} <{self.url}>"


class KnowledgeVersion(models.Model):
    """One row: a hash of the loaded files. Processes compare it to rebuild their match index."""

    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.digest
