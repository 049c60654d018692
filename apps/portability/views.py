"""Account pages: take my data away (links to the export), bring it back (upload), and
delete my account. Every answer is `no-store`; nothing about the diary goes in a URL."""

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.accounts.models import User
from apps.portability import erasure, importing
from apps.portability.forms import DeleteAccountForm, ImportForm


@never_cache
@require_http_methods(["GET", "POST"])
def import_diary(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                diary = importing.import_diary(user, upload.read(importing.MAX_IMPORT_BYTES + 1))
            except importing.ImportRefused as refused:
                problems = refused.messages
            else:
                return render(
                    request, "portability/imported.html", {"diary": diary, "nav": "account"}
                )
        status = 400
    else:
        form = ImportForm()
    context = {
        "form": form,
        "problems": problems,
        "nav": "account",
        "diary_is_empty": not importing.owns_anything(user),
    }
    return render(request, "portability/import.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    status = 200
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            if erasure.password_confirms(request, user, form.cleaned_data["password"]):
                erasure.erase_account(user)
                logout(request)
                return render(request, "portability/erased.html")
            form.add_error("password", erasure.WRONG_PASSWORD)
        status = 400
    else:
        form = DeleteAccountForm()
    return render(
        request, "portability/delete_account.html", {"form": form, "nav": "account"}, status=status
    )
