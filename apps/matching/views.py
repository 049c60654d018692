from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_safe

from apps.matching.chart_form import chart_form_context
from apps.matching.match_request import (
    MatchRequestError,
    parse_match_request,
    raw_match_request_from_form,
)
from apps.matching.presentation import results_context
from apps.matching.services import assess, match_knowledge
from config.precompressed import respond
from config.throttles import throttled

FRAGMENT_HEADER = "X-Fragment"


@login_not_required
@require_safe
def chart_page(request: HttpRequest) -> HttpResponse:
    return _chart_form(request, chart_form_context())


def _chart_form(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The chart page; its parts that are the same for everyone are compressed only once
    (config.precompressed, which says why that is safe)."""
    page = render_to_string("matching/chart_page.html", context, request)
    return respond(request, page, list(context["blank_parts"].values()), status)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@throttled("match")
def assessment(request: HttpRequest) -> HttpResponse:
    """The chart form posts here, and so do the press-to-confirm buttons (with the whole
    pain map in hidden fields): pain data stays in POST bodies, never in URLs."""
    if request.method in ("GET", "HEAD"):
        return redirect("matching:chart")
    raw = raw_match_request_from_form(request.POST)
    knowledge = match_knowledge()
    try:
        query = parse_match_request(raw, knowledge.index.by_feedback_key)
    except MatchRequestError as error:
        ticked = raw.symptoms if isinstance(raw.symptoms, list) else []
        return _chart_form(request, chart_form_context(raw.raw_marks, error.messages, ticked), 400)
    result = assess(knowledge, query.marks, query.symptoms, query.confirmed, query.denied)
    context = {"nav": "chart", **results_context(result)}
    if request.headers.get(FRAGMENT_HEADER) == "results":
        # In place under the chart: the results can say when the map has changed since.
        context["under_the_chart"] = True
        return render(request, "matching/assessment.html#results", context)
    return render(request, "matching/assessment.html", context)
