"""Forms for the diary pages: they parse and redisplay; `services` validates."""

from typing import Any, cast

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from apps.diary.models import (
    MAX_ACTIVITY_NAME,
    MAX_FUNCTION_SCORE,
    MAX_MINUTES,
    MAX_NOTES,
    MAX_OVERALL_PAIN,
    MIN_FUNCTION_SCORE,
    MIN_MINUTES,
    MIN_OVERALL_PAIN,
    FunctionalActivity,
    GlobalImpression,
)
from apps.knowledge.models import Technique, TriggerPoint
from apps.vocabulary import BODY_SIDES, choices

PAIN_WORDS = {0: "no pain", 5: "moderate", 10: "worst imaginable"}
OVERALL_CHOICES = [
    (level, f"{level} – {PAIN_WORDS[level]}" if level in PAIN_WORDS else str(level))
    for level in range(MIN_OVERALL_PAIN, MAX_OVERALL_PAIN + 1)
]


class EntryForm(forms.Form):
    felt_at = forms.DateTimeField(
        label="When was this pain?",
        help_text="Now, unless you are writing it down later (your time zone is set on "
        "your account page).",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    overall_pain = forms.TypedChoiceField(
        label="Overall pain right then (0–10)",
        choices=OVERALL_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        strip=False,
        help_text=f"What you were doing, what helped, anything else: up to {MAX_NOTES} characters.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


LEVEL_CHOICES = [
    (level, f"{level} – {PAIN_WORDS[level]}" if level in PAIN_WORDS else str(level))
    for level in range(MIN_OVERALL_PAIN, MAX_OVERALL_PAIN + 1)
]


def trigger_point_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Trigger points grouped by muscle, in the knowledge base's order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for slug, name, muscle in TriggerPoint.objects.values_list("slug", "name", "muscle__name"):
        groups.setdefault(muscle, []).append((slug, name))
    return list(groups.items())


class LongSelect(forms.Select):
    """A drop-down drawn in Python: the same markup as Django's `select.html`, without an
    included template for every option (the treatment form's 200-odd trigger points took
    three quarters of the treatments page)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            items = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, items)
                if group_name
                else items
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )


class TreatmentForm(forms.Form):
    trigger_point = forms.ChoiceField(label="Trigger point", widget=LongSelect)
    side = forms.ChoiceField(
        label="Side", choices=choices(BODY_SIDES, mid_sentence=True), widget=forms.RadioSelect
    )
    technique = forms.ChoiceField(label="Technique", widget=LongSelect)
    minutes = forms.IntegerField(
        label="Minutes",
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "min": MIN_MINUTES, "max": MAX_MINUTES}
        ),
    )
    pain_before = forms.TypedChoiceField(
        label="Pain before (0–10)", choices=LEVEL_CHOICES, coerce=int, widget=LongSelect
    )
    pain_after = forms.TypedChoiceField(
        label="Pain after (0–10)", choices=LEVEL_CHOICES, coerce=int, widget=LongSelect
    )
    done_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    entry = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["trigger_point"]).choices = [
            ("", "Choose a trigger point"),
            *trigger_point_choices(),
        ]
        cast(forms.ChoiceField, self.fields["technique"]).choices = [
            ("", "Choose a technique"),
            *Technique.objects.values_list("slug", "name"),
        ]


FUNCTION_WORDS = {0: "unable to do", 10: "as before the problem"}
FUNCTION_CHOICES = [
    ("", "Choose 0–10"),
    *(
        (level, f"{level} – {FUNCTION_WORDS[level]}" if level in FUNCTION_WORDS else str(level))
        for level in range(MIN_FUNCTION_SCORE, MAX_FUNCTION_SCORE + 1)
    ),
]


class ActivityForm(forms.Form):
    name = forms.CharField(
        label="An activity that pain makes hard",
        max_length=MAX_ACTIVITY_NAME,
        help_text="In your own words, e.g. “turning my head to reverse the car”.",
    )


class FunctionalRatingForm(forms.Form):
    """One 0–10 field per current activity (`score-<id>`), labelled with its name."""

    def __init__(self, activities: list[FunctionalActivity], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = activities
        for activity in activities:
            self.fields[f"score-{activity.pk}"] = forms.ChoiceField(
                label=activity.name, choices=FUNCTION_CHOICES, required=False
            )

    def raw_scores(self) -> list[dict[str, Any]]:
        """The scores as the service takes them (unchosen ones are left out)."""
        return [
            {"activity": activity.pk, "score": self.data.get(f"score-{activity.pk}")}
            for activity in self.activities
            if self.data.get(f"score-{activity.pk}", "") != ""
        ]


class GlobalImpressionForm(forms.Form):
    answer = forms.TypedChoiceField(
        label="Since you started this diary, how would you describe the change in your pain "
        "and what it lets you do?",
        choices=GlobalImpression.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )


class RangeForm(forms.Form):
    """The date range of the progress page (dates only: no health data in the URL)."""

    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the range is before its start.")
        return cleaned
