from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from apps.matching.chart_form import chart_form_context
from apps.matching.match_request import (
    MatchRequestError,
    parse_match_request,
    raw_match_request_from_form,
)
from apps.matching.presentation import results_context
from apps.matching.services import assess, match_index
from config.throttles import throttled

FRAGMENT_HEADER = "X-Fragment"


@login_not_required
@require_safe
def chart_page(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/chart_page.html", chart_form_context())


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@throttled("match")
def assessment(request: HttpRequest) -> HttpResponse:
    """The chart form posts here, and so do the press-to-confirm buttons (with the whole
    pain map in hidden fields): pain data stays in POST bodies, never in URLs."""
    if request.method in ("GET", "HEAD"):
        return redirect("matching:chart")
    raw = raw_match_request_from_form(request.POST)
    try:
        query = parse_match_request(raw, match_index().by_feedback_key)
    except MatchRequestError as error:
        ticked = raw.symptoms if isinstance(raw.symptoms, list) else []
        context = chart_form_context(raw.raw_marks, error.messages, ticked)
        return render(request, "matching/chart_page.html", context, status=400)
    result = assess(query.marks, query.symptoms, query.confirmed, query.denied)
    context = {"nav": "chart", **results_context(result)}
    if request.headers.get(FRAGMENT_HEADER) == "results":
        return render(request, "matching/assessment.html#results", context)
    return render(request, "matching/assessment.html", context)
