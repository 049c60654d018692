"""Forms of the knowledge pages."""

from django import forms

SEARCH_MAX_LENGTH = 100  # longer search text is cut, not refused


class MuscleSearchForm(forms.Form):
    """Search muscles by name or alias; Django's `CharField` refuses NUL characters, which
    PostgreSQL cannot compare."""

    q = forms.CharField(required=False)

    def query(self) -> str:
        """The cleaned search text ("" when the form is not valid)."""
        if not self.is_valid():
            return ""
        text: str = self.cleaned_data["q"]
        return text[:SEARCH_MAX_LENGTH]
