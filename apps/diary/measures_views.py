"""The measures page (`/diary/measures/`): the Patient-Specific Functional Scale (name 3–5
activities, rate them 0–10 when you like) and the Patient Global Impression of Change
(offered once a week after the first two weeks). Owner-only and `no-store` like every
diary page; a form with an error comes back with a 400, what was typed kept."""

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.signed_in import signed_in_user
from apps.diary import measures, selectors, services
from apps.diary.forms import ActivityForm, FunctionalRatingForm, GlobalImpressionForm
from apps.diary.models import MAX_ACTIVITIES, MIN_ACTIVITIES, FunctionalActivity


def add_errors(form: Form, error: services.DiaryInputError, default: str | None = None) -> None:
    for field, texts in error.by_field().items():
        for text in texts:
            form.add_error(field if field in form.fields else default, text)


def measures_page(
    request: HttpRequest,
    *,
    activity_form: ActivityForm | None = None,
    rating_form: FunctionalRatingForm | None = None,
    impression_form: GlobalImpressionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    owner = signed_in_user(request.user)
    activities = services.current_activities(owner)
    due = services.global_impression_due_on(owner)
    context: dict[str, Any] = {
        "nav": "diary",
        "activities": activities,
        "min_activities": MIN_ACTIVITIES,
        "max_activities": MAX_ACTIVITIES,
        "meaningful": measures.MEANINGFUL_FUNCTION_CHANGE,
        "activity_form": activity_form or ActivityForm(),
        "rating_form": rating_form or FunctionalRatingForm(activities),
        "functional": selectors.functional_summary(owner),
        "impression_due": due,
        "impression_offered": due is not None and due <= timezone.localdate(),
        "impression_form": impression_form or GlobalImpressionForm(),
        "impressions": list(selectors.global_impressions(owner)[:10]),
    }
    return render(request, "diary/measures.html", context, status=status)


@require_GET
@never_cache
def measures_view(request: HttpRequest) -> HttpResponse:
    return measures_page(request)


@require_POST
@never_cache
def add_activity(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.add_activity(signed_in_user(request.user), form.cleaned_data["name"])
        except services.DiaryInputError as error:
            add_errors(form, error)
        else:
            return redirect("diary:measures")
    return measures_page(request, activity_form=form, status=400)


@never_cache
def retire_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Looked up with its owner before the method is checked: 404 to every verb for
    another user's activity."""
    activity = get_object_or_404(FunctionalActivity, pk=pk, owner=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.retire_activity(activity)
    return redirect("diary:measures")


@require_POST
@never_cache
def rate_function(request: HttpRequest) -> HttpResponse:
    owner = signed_in_user(request.user)
    form = FunctionalRatingForm(services.current_activities(owner), request.POST)
    form.is_valid()
    try:
        data = services.validate_functional_rating(
            owner, rated_at=timezone.now(), scores=form.raw_scores()
        )
    except services.DiaryInputError as error:
        for problem in error.errors:
            form.add_error(None, problem.sentence)
        return measures_page(request, rating_form=form, status=400)
    services.save_functional_rating(owner, data)
    return redirect("diary:measures")


@require_POST
@never_cache
def answer_global_impression(request: HttpRequest) -> HttpResponse:
    form = GlobalImpressionForm(request.POST)
    if form.is_valid():
        try:
            services.answer_global_impression(
                signed_in_user(request.user), form.cleaned_data["answer"]
            )
        except services.DiaryInputError as error:
            add_errors(form, error)
        else:
            return redirect("diary:measures")
    return measures_page(request, impression_form=form, status=400)
