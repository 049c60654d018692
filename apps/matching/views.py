from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from apps.bodymap.marks import PainMapError, raw_marks_from_form, validate_marks
from apps.matching import red_flags
from apps.matching.chart_form import chart_form_context
from apps.matching.presentation import results_context
from apps.matching.services import assess, unknown_feedback_keys
from config.throttles import throttled

FRAGMENT_HEADER = "X-Fragment"


@require_GET
def chart_page(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/chart_page.html", chart_form_context())


@require_http_methods(["GET", "POST"])
@throttled("match")
def assessment(request: HttpRequest) -> HttpResponse:
    """The chart form posts here, and so do the press-to-confirm buttons (with the whole
    pain map in hidden fields): pain data stays in POST bodies, never in URLs."""
    if request.method == "GET":
        return redirect("matching:chart")
    raw_marks = raw_marks_from_form(request.POST)
    ticked = request.POST.getlist("symptoms")
    errors: list[str] = []
    marks = []
    try:
        marks = validate_marks(raw_marks)
    except PainMapError as error:
        errors.extend(error.messages)
    known_symptoms = red_flags.symptom_slugs()
    errors.extend(f"Unknown symptom “{slug}”." for slug in ticked if slug not in known_symptoms)
    confirmed, denied = feedback_from_form(request.POST, errors)
    if not errors and not marks and not ticked:
        errors.append("Mark at least one painful area on the body, or tick a warning sign.")
    if errors:
        context = chart_form_context(raw_marks, errors, ticked)
        return render(request, "matching/chart_page.html", context, status=400)
    result = assess(marks, dict.fromkeys(ticked), confirmed, denied)
    context = {"nav": "chart", **results_context(result)}
    if request.headers.get(FRAGMENT_HEADER) == "results":
        return render(request, "matching/assessment.html#results", context)
    return render(request, "matching/assessment.html", context)


def feedback_from_form(data: QueryDict, errors: list[str]) -> tuple[list[str], list[str]]:
    """Confirmed and denied trigger points, with the button just pressed applied."""
    confirmed = dict.fromkeys(data.getlist("confirmed"))
    denied = dict.fromkeys(data.getlist("denied"))
    for action in ("confirm", "deny", "undo"):
        slug = data.get(action)
        if slug:
            confirmed.pop(slug, None)
            denied.pop(slug, None)
            if action == "confirm":
                confirmed[slug] = None
            elif action == "deny":
                denied[slug] = None
    errors.extend(
        f"Unknown trigger point “{key}”." for key in unknown_feedback_keys([*confirmed, *denied])
    )
    return list(confirmed), list(denied)
