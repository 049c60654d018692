from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.bodymap.chart import build_chart, chart_defs_context
from apps.bodymap.regions import region_catalogue
from apps.knowledge import selectors
from apps.knowledge.forms import MuscleSearchForm
from apps.knowledge.models import Technique, TechniqueKind
from apps.knowledge.referral import SIDES
from apps.knowledge.search_phrases import phrase_for

SIDE_NAMES = {"r": "right", "l": "left"}


@login_not_required
@require_safe
def muscle_index(request: HttpRequest) -> HttpResponse:
    form = MuscleSearchForm(request.GET)
    query = form.query()
    valid = form.is_valid()
    groups = selectors.muscles_by_area(query) if valid else []
    phrase = phrase_for(query) if valid else None
    context = {
        "nav": "muscles",
        "groups": groups,
        "query": query,
        "phrase": phrase,
        "search_errors": form.errors.get("q"),
    }
    if phrase:
        context["phrase_regions"] = selectors.phrase_region_names(phrase)
        context["phrase_muscles"] = selectors.muscles_for_phrase(phrase)
    return render(request, "knowledge/muscle_index.html", context, status=200 if valid else 400)


@login_not_required
@require_safe
def muscle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    muscle = selectors.get_muscle(slug)
    points = [
        {
            "trigger_point": point,
            "chart": build_chart(
                essential=(referral := selectors.referral_of(point)).essential,
                spillover=referral.spillover,
                markers=[selectors.site_marker(point)],
                focus=True,
            ),
        }
        for point in muscle.trigger_points.all()
    ]
    return render(
        request,
        "knowledge/muscle_detail.html",
        {"nav": "muscles", "muscle": muscle, "points": points, **chart_defs_context()},
    )


@login_not_required
@require_safe
def trigger_point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    point = selectors.get_trigger_point(slug)
    side = request.GET.get("side", "r")
    if side not in SIDES or not point.refers_pain:
        side = "r"  # a point that is not a pain pattern is described as found: never mirrored
    referral = selectors.referral_of(point, side)
    site = selectors.site_of(point, side)
    catalogue = region_catalogue()
    context = {
        "nav": "muscles",
        "point": point,
        "muscle": point.muscle,
        "side": side,
        "side_name": SIDE_NAMES[side],
        "other_side": "l" if side == "r" else "r",
        "other_side_name": SIDE_NAMES["l" if side == "r" else "r"],
        "chart": build_chart(
            essential=referral.essential,
            spillover=referral.spillover,
            markers=[selectors.site_marker(point, side)],
        ),
        "essential": [catalogue[slug] for slug in referral.essential],
        "spillover": [catalogue[slug] for slug in referral.spillover],
        "site_region": catalogue[site.region],
        **chart_defs_context(),
    }
    return render(request, "knowledge/trigger_point_detail.html", context)


@login_not_required
@require_safe
def technique_index(request: HttpRequest) -> HttpResponse:
    techniques = list(Technique.objects.all())
    return render(
        request,
        "knowledge/technique_index.html",
        {
            "nav": "techniques",
            "self_techniques": [t for t in techniques if t.kind == TechniqueKind.SELF],
            "professional_techniques": [
                t for t in techniques if t.kind == TechniqueKind.PROFESSIONAL
            ],
        },
    )


@login_not_required
@require_safe
def technique_detail(request: HttpRequest, slug: str) -> HttpResponse:
    technique = selectors.get_technique(slug)
    return render(
        request,
        "knowledge/technique_detail.html",
        {
            "nav": "techniques",
            "technique": technique,
            "trigger_points": selectors.trigger_points_for_technique(technique),
        },
    )


@login_not_required
@require_safe
def what_is_a_trigger_point(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/what_is_a_trigger_point.html", {"nav": "muscles"})


@login_not_required
@require_safe
def when_to_stop(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/when_to_stop.html", {"nav": "techniques"})


@login_not_required
@require_safe
def beyond_self_treatment(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/beyond_self_treatment.html", {"nav": "techniques"})
