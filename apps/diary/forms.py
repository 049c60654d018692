"""Forms for the diary pages: they parse and redisplay; `services` validates."""

from django import forms

from apps.diary.models import MAX_NOTES, MAX_OVERALL_PAIN, MIN_OVERALL_PAIN

PAIN_WORDS = {0: "no pain", 5: "moderate", 10: "worst imaginable"}
OVERALL_CHOICES = [
    (level, f"{level} – {PAIN_WORDS[level]}" if level in PAIN_WORDS else str(level))
    for level in range(MIN_OVERALL_PAIN, MAX_OVERALL_PAIN + 1)
]


class EntryForm(forms.Form):
    felt_at = forms.DateTimeField(
        label="When was this pain?",
        help_text="Now, unless you are writing it down later (time in UTC).",
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
