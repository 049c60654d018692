"""Sign-up form. Django's own log-in, password change and reset forms already carry the
autocomplete attributes password managers look for; this one is checked the same way."""

from django import forms
from django.contrib.auth.forms import UserCreationForm

from apps.accounts.models import User


class SignUpForm(UserCreationForm[User]):
    email = forms.EmailField(
        required=False,
        label="E-mail address (optional)",
        help_text="Only used to reset your password if you forget it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
        widgets = {
            "username": forms.TextInput(
                attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
            )
        }


class TimeZoneForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("time_zone",)
