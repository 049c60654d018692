from django.db import models

from apps.vocabulary import Side, choices


class View(models.TextChoices):
    FRONT = "front", "Front"
    BACK = "back", "Back"
    BOTH = "both", "Front and back"


class Region(models.Model):
    """A body region of the chart; `side` is the patient's own left or right."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    view = models.CharField(max_length=5, choices=View.choices)
    side = models.CharField(max_length=3, choices=choices(Side))
    area = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(help_text="Order in the region list.")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


def base_slug(slug: str) -> str:
    """`temple-r` -> `temple`; midline slugs are their own base."""
    return slug[:-2] if slug.endswith(("-l", "-r")) else slug


def mirror_slug(slug: str) -> str:
    """The same region on the patient's other side (`temple-r` <-> `temple-l`)."""
    if slug.endswith("-l"):
        return slug[:-2] + "-r"
    if slug.endswith("-r"):
        return slug[:-2] + "-l"
    return slug
