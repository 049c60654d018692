"""Forms of the knowledge pages."""

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

SEARCH_MAX_LENGTH = 100  # longer search text is cut, not refused
NUL_MESSAGE = "it contains an invisible control character; please type the name again."


class MuscleSearchForm(forms.Form):
    """Search muscles by name or alias; Django's `CharField` refuses NUL characters, which
    PostgreSQL cannot compare."""

    q = forms.CharField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].validators = [ProhibitNullCharactersValidator(message=NUL_MESSAGE)]

    def query(self) -> str:
        """The cleaned search text ("" when the form is not valid)."""
        if not self.is_valid():
            return ""
        text: str = self.cleaned_data["q"]
        return text[:SEARCH_MAX_LENGTH]
