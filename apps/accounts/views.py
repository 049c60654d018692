from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from apps.accounts.forms import SignUpForm, TimeZoneForm
from apps.accounts.signed_in import signed_in_user

BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in at once, then go where the user was heading."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user, backend=BACKEND)
            return redirect(next_url or "accounts:home")
        status = 400
    else:
        form = SignUpForm()
        status = 200
    return render(
        request,
        "registration/sign_up.html",
        {"form": form, "next": next_url, "nav": "account"},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: the account page, with the time zone diary times use."""
    if request.method == "POST":
        form = TimeZoneForm(request.POST, instance=signed_in_user(request.user))
        if form.is_valid():
            form.save()
            return redirect("accounts:home")
        status = 400
    else:
        form = TimeZoneForm(instance=signed_in_user(request.user))
        status = 200
    return render(request, "accounts/home.html", {"nav": "account", "form": form}, status=status)
