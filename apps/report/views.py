"""Report pages: the owner's report (HTML to print, or PDF), a PNG of an entry's chart,
share links, the shared read-only report, and where to find someone who treats trigger
points. Owner pages and shared pages are never stored in a cache; the period and sections
travel in POST bodies (the questions are health data), the share token is the only thing
a URL ever carries."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.signed_in import signed_in_user, with_own
from apps.bodymap.chart import build_chart, chart_defs_context
from apps.bodymap.png import render_chart_png
from apps.diary.models import PainEntry
from apps.report import selectors, services
from apps.report.builder import ReportData
from apps.report.models import Share
from apps.report.pdf import PAPERS, render_pdf
from apps.report.plot import pain_plot
from apps.report.sections import ALL_SECTIONS, SECTION_LABELS

OPENINGS_PER_WINDOW = 30  # share openings per address
WINDOW_SECONDS = 600


def report_context(report: ReportData) -> dict[str, Any]:
    """What the report template needs beyond the data: charts and the plot."""
    return {
        "report": report,
        "plot": pain_plot(report.weeks, report.change),
        "start_chart": build_chart(marks=report.start_map.marks) if report.start_map else None,
        "end_chart": build_chart(marks=report.end_map.marks) if report.end_map else None,
        "show": {section.value: report.has(section) for section in ALL_SECTIONS},
        **chart_defs_context(),
    }


def pdf_response(report: ReportData, paper: str, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(report, paper=paper), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def choice_form(
    request: HttpRequest, choice: services.ReportChoice | None = None
) -> dict[str, Any]:
    today = selectors.today_for(signed_in_user(request.user))
    choice = choice or services.default_choice(today)
    return {
        "start": choice.start.isoformat(),
        "end": choice.end.isoformat(),
        "today": today.isoformat(),
        "questions": choice.questions,
        "sections": [(s.value, SECTION_LABELS[s], s in choice.sections) for s in ALL_SECTIONS],
    }


def read_choice(request: HttpRequest) -> services.ReportChoice:
    return services.validate_choice(
        start=request.POST.get("start", ""),
        end=request.POST.get("end", ""),
        sections=request.POST.getlist("sections"),
        questions=request.POST.get("questions", ""),
        today=selectors.today_for(signed_in_user(request.user)),
    )


@require_http_methods(["GET", "POST"])
@never_cache
def report(request: HttpRequest) -> HttpResponse:
    """GET: choose the period and the sections. POST: the report, as a page or a PDF."""
    if request.method == "GET":
        return render(request, "report/choose.html", {"nav": "diary", "form": choice_form(request)})
    try:
        choice = read_choice(request)
    except services.ReportInputError as error:
        context = {
            "nav": "diary",
            "errors": error.errors,
            "form": {
                **choice_form(request),
                "start": request.POST.get("start", ""),
                "end": request.POST.get("end", ""),
                "questions": request.POST.get("questions", ""),
                "sections": [
                    (s.value, SECTION_LABELS[s], s.value in request.POST.getlist("sections"))
                    for s in ALL_SECTIONS
                ],
            },
        }
        return render(request, "report/choose.html", context, status=400)
    data = selectors.build(
        signed_in_user(request.user), choice.start, choice.end, choice.sections, choice.questions
    )
    paper = request.POST.get("paper", "a4")
    if request.POST.get("format") == "pdf":
        return pdf_response(
            data, paper if paper in PAPERS else "a4", f"pain-report-{choice.end}.pdf"
        )
    return render(request, "report/report_page.html", {"nav": "diary", **report_context(data)})


@never_cache
@with_own(PainEntry)
@require_GET
def entry_chart_png(request: HttpRequest, entry: PainEntry) -> HttpResponse:
    """The entry's chart as a PNG (the Pillow renderer, from the same geometry)."""
    chart = build_chart(marks={mark["region"]: mark["intensity"] for mark in entry.marks})
    response = HttpResponse(render_chart_png(chart), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="pain-map-{entry.felt_at:%Y-%m-%d}.png"'
    return response


# Share links ----------------------------------------------------------------------------


def share_rows(request: HttpRequest) -> list[tuple[Share, bool, list[Any]]]:
    shares = Share.objects.filter(owner=signed_in_user(request.user)).prefetch_related("openings")
    return [
        (share, services.is_live(share), [o.opened_at for o in share.openings.all()])
        for share in shares
    ]


@require_http_methods(["GET", "POST"])
@never_cache
def shares(request: HttpRequest) -> HttpResponse:
    created: tuple[Share, str] | None = None
    errors: dict[str, list[str]] = {}
    form = choice_form(request)
    form.update({"recipient": "", "days": services.DEFAULT_DAYS})
    status = 200
    if request.method == "POST":
        try:
            recipient, days = services.validate_share(
                recipient=request.POST.get("recipient"), days=request.POST.get("days")
            )
        except services.ReportInputError as error:
            errors.update(error.errors)
        try:
            choice = read_choice(request)
        except services.ReportInputError as error:
            errors.update(error.errors)
        if errors:
            status = 400
            chosen = request.POST.getlist("sections")
            form.update(
                {
                    key: request.POST.get(key, "")
                    for key in ("recipient", "days", "start", "end", "questions")
                }
            )
            form["sections"] = [
                (s.value, SECTION_LABELS[s], s.value in chosen) for s in ALL_SECTIONS
            ]
        else:
            share, token = services.create_share(
                signed_in_user(request.user), recipient, days, choice
            )
            created = (share, request.build_absolute_uri(reverse("shared", args=[token])))
            status = 201
    context = {
        "nav": "diary",
        "form": form,
        "errors": errors,
        "created": created,
        "rows": share_rows(request),
        "max_days": services.MAX_DAYS,
    }
    return render(request, "report/shares.html", context, status=status)


@never_cache
def revoke_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Another user's link is a 404 to every verb: the look-up comes before the verb check."""
    share = get_object_or_404(Share, pk=pk, owner=request.user)
    return _revoke(request, share)


@require_POST
def _revoke(request: HttpRequest, share: Share) -> HttpResponse:
    services.revoke(share)
    return redirect("report:shares")


def share_headers(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def too_many(request: HttpRequest) -> HttpResponse | None:
    """A counter per address in the cache: past the limit, 429 with Retry-After."""
    key = f"share-openings:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    if count <= OPENINGS_PER_WINDOW:
        return None
    response = render(request, "report/too_many.html", status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def shared_view(pdf: bool) -> Callable[[HttpRequest, str], HttpResponse]:
    @login_not_required
    @never_cache
    def view(request: HttpRequest, token: str) -> HttpResponse:
        limited = too_many(request)
        if limited is not None:
            return share_headers(limited)
        share = services.open_share(token)
        if share is None:
            response = render(request, "report/gone.html", status=404)
            return share_headers(response)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return share_headers(response)
        choice = services.choice_of(share)
        data = selectors.build(
            share.owner, choice.start, choice.end, choice.sections, choice.questions
        )
        services.record_opening(share, pdf=pdf)
        if pdf:
            paper = request.GET.get("paper", "a4")
            return share_headers(
                pdf_response(data, paper if paper in PAPERS else "a4", "pain-report.pdf")
            )
        context = {"share": share, "token": token, "shared": True, **report_context(data)}
        return share_headers(render(request, "report/shared.html", context))

    return view


shared = shared_view(pdf=False)
shared_pdf = shared_view(pdf=True)


@login_not_required
@require_GET
def finding_help(request: HttpRequest) -> HttpResponse:
    return render(request, "report/finding_help.html", {"nav": ""})
