from django import forms

from apps.portability import importing


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your export file (.json)",
        help_text=f"A JSON export from this app, at most {importing.MAX_IMPORT_BYTES // 2**20} MB.",
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {importing.MAX_IMPORT_BYTES // 2**20} MB.",
                code="too_large",
            )
        return upload


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
