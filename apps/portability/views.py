"""Account pages: take my data away (links to the export), bring it back (upload), and
delete my account. Every answer is `no-store`; nothing about the diary goes in a URL."""

from django.contrib.auth import logout
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from apps.accounts.signed_in import signed_in_user
from apps.portability import erasure, importing
from apps.portability.forms import DeleteAccountForm, ImportForm

# Room for the form's other fields and the multipart framing around the file.
UPLOAD_OVERHEAD = 64 * 1024


def too_large(request: HttpRequest) -> bool:
    """Said so by the request itself, before its body is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > importing.MAX_IMPORT_BYTES + UPLOAD_OVERHEAD


class SizeLimit(FileUploadHandler):
    """Stops reading an upload once it passes the limit, whatever the request claimed:
    the rest is discarded, never stored (Django's “upload handlers on the fly”)."""

    exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > importing.MAX_IMPORT_BYTES:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def size_problem() -> list[str]:
    return [f"The file is larger than {importing.MAX_IMPORT_BYTES // 2**20} MB."]


@csrf_exempt  # checked by `_import_diary`, once the size limit is in place
@never_cache
@require_http_methods(["GET", "POST"])
def import_diary(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and too_large(request):
        return import_page(request, ImportForm(), size_problem(), status=400)
    limit = SizeLimit(request)
    request.upload_handlers.insert(0, limit)
    return _import_diary(request, limit)


@csrf_protect
def _import_diary(request: HttpRequest, limit: SizeLimit) -> HttpResponse:
    user = signed_in_user(request.user)
    if request.method != "POST":
        return import_page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if limit.exceeded:
        return import_page(request, ImportForm(), size_problem(), status=400)
    if not form.is_valid():
        return import_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        diary = importing.import_diary(user, upload.read(importing.MAX_IMPORT_BYTES + 1))
    except importing.ImportRefused as refused:
        return import_page(request, form, refused.messages, status=400)
    return render(request, "portability/imported.html", {"diary": diary, "nav": "account"})


def import_page(
    request: HttpRequest, form: ImportForm, problems: list[str] | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "problems": problems or [],
        "nav": "account",
        "diary_is_empty": not importing.owns_anything(signed_in_user(request.user)),
    }
    return render(request, "portability/import.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request.user)
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
