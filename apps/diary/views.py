"""Diary pages. Every response is `no-store`; every object is looked up with its owner,
so another user's entry answers 404; pain data travels in POST bodies and the session,
never in URLs."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.signed_in import signed_in_user, with_own
from apps.bodymap.chart import build_chart, chart_defs_context
from apps.bodymap.regions import region_catalogue
from apps.diary import selectors, services
from apps.diary.forms import EntryForm, TreatmentForm
from apps.diary.models import PainEntry, Treatment
from apps.matching.chart_form import chart_form_context
from apps.matching.match_request import (
    CONFIRMED,
    DENIED,
    MatchRequestError,
    parse_match_request,
    raw_match_request_from_form,
)
from apps.matching.services import match_index
from apps.vocabulary import BODY_SIDES, PAIN_KIND_LABELS, PainKind

PENDING = "diary_pending_map"  # session key: the map waiting to be saved
EDITING = "diary_editing_entry"  # session key: the entry whose map is being changed
ENTRIES_PER_PAGE = 20


with_own_entry = with_own(PainEntry)
with_own_treatment = with_own(Treatment)


@login_not_required
@require_POST
@never_cache
def save_from_results(request: HttpRequest) -> HttpResponse:
    """“Save to my diary” on the results: the map, the warning signs and what the user said
    about pressing (`confirmed`, `denied`), checked by the one match-request parser, wait
    in the session (never in a URL) while an anonymous user signs in or up, then the entry
    form picks them up."""
    raw = raw_match_request_from_form(request.POST)
    try:
        query = parse_match_request(raw, match_index().by_feedback_key)
    except MatchRequestError as error:  # the chart again, saying what is wrong (as a match)
        ticked = raw.symptoms if isinstance(raw.symptoms, list) else []
        context = chart_form_context(raw.raw_marks, error.messages, ticked)
        return render(request, "matching/chart_page.html", context, status=400)
    pending: dict[str, Any] = {
        "marks": services.marks_as_json(query.marks),
        "symptoms": list(query.symptoms),
        CONFIRMED: list(query.confirmed),
        DENIED: list(query.denied),
    }
    editing = request.session.pop(EDITING, None)
    into = request.POST.get("into", "")
    if (
        request.user.is_authenticated
        and editing is not None
        and into == str(editing)
        and PainEntry.objects.filter(pk=editing, owner=request.user).exists()
    ):
        request.session[PENDING] = {**pending, "entry": editing}
        return redirect("diary:edit", pk=editing)
    request.session[PENDING] = pending
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={reverse('diary:new')}")
    return redirect("diary:new")


@dataclass(frozen=True)
class MarkRow:
    name: str
    intensity: int
    pain_label: str


def map_context(marks: list[dict[str, Any]]) -> dict[str, Any]:
    """The chart and the list of a saved (so valid) pain map, in the match API's shape."""
    catalogue = region_catalogue()
    known = [mark for mark in marks if mark["region"] in catalogue]
    rows = [
        MarkRow(
            name=catalogue[mark["region"]].name,
            intensity=mark["intensity"],
            pain_label=PAIN_KIND_LABELS.get(PainKind(mark["pain"]), mark["pain"]),
        )
        for mark in known
    ]
    return {
        "map_chart": build_chart(marks={mark["region"]: mark["intensity"] for mark in known})
        if known
        else None,
        "mark_rows": rows,
        **chart_defs_context(shapes=True),
    }


@require_http_methods(["GET", "POST"])
@never_cache
def new_entry(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING) or {"marks": [], "symptoms": []}
    if "entry" in pending:  # a changed map for an existing entry is not a new entry
        pending = {"marks": [], "symptoms": []}
    if request.method == "POST":
        form = EntryForm(request.POST)
        entry = _save(request, form, pending["marks"], pending["symptoms"], _feedback(pending))
        if entry is not None:
            request.session.pop(PENDING, None)
            return redirect("diary:entry", pk=entry.pk)
        status = 400
    else:
        form = EntryForm(initial={"felt_at": timezone.now().replace(second=0, microsecond=0)})
        status = 200
    context = {"form": form, "nav": "diary", "editing": None, **map_context(pending["marks"])}
    return render(request, "diary/entry_form.html", context, status=status)


def _feedback(pending: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The `confirmed` and `denied` keys waiting with a map (none in a map saved before
    they were kept)."""
    return pending.get(CONFIRMED, []), pending.get(DENIED, [])


def _save(
    request: HttpRequest,
    form: EntryForm,
    marks: list[dict[str, Any]],
    symptoms: list[str],
    feedback: tuple[list[str], list[str]],
    entry: PainEntry | None = None,
) -> PainEntry | None:
    if not form.is_valid():
        return None
    try:
        data = services.validate_entry(
            felt_at=form.cleaned_data["felt_at"],
            raw_marks=marks,
            symptoms=symptoms,
            overall_pain=form.cleaned_data["overall_pain"],
            notes=form.cleaned_data["notes"],
            confirmed=feedback[0],
            denied=feedback[1],
        )
    except services.DiaryInputError as error:
        for field, messages in error.by_field().items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return None
    if entry is None:
        return services.save_entry(signed_in_user(request.user), data)
    return services.update_entry(entry, data)


@require_GET
@never_cache
def start_from_last(request: HttpRequest) -> HttpResponse:
    """“Start from my last map”: the chart, already marked as last time."""
    last = selectors.latest_entry(signed_in_user(request.user))
    if last is None:
        return redirect("matching:chart")
    context = chart_form_context(services.raw_marks_from_entry(last), [], last.symptoms)
    return render(request, "matching/chart_page.html", context)


@require_GET
@never_cache
def timeline(request: HttpRequest) -> HttpResponse:
    owner = signed_in_user(request.user)
    entries = selectors.timeline(owner)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(entry, selectors.small_chart(entry)) for entry in page.object_list]
    return render(
        request,
        "diary/timeline.html",
        {
            "nav": "diary",
            "page": page,
            "rows": rows,
            "impression_offered": services.global_impression_offered(owner),
            **chart_defs_context(shapes=True),
        },
    )


@never_cache
@with_own_entry
@require_GET
def entry_detail(request: HttpRequest, entry: PainEntry) -> HttpResponse:
    context = {
        "nav": "diary",
        "entry": entry,
        "results": selectors.shown_results(entry),
        **map_context(entry.marks),
    }
    return render(request, "diary/entry_detail.html", context)


@never_cache
@with_own_entry
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, entry: PainEntry) -> HttpResponse:
    """Notes, time and overall pain; and, after “Change the map” on the body chart, the
    new map waiting in the session (shown here, saved with the form)."""
    pending = request.session.get(PENDING) or {}
    new_map = pending.get("entry") == entry.pk
    marks = pending["marks"] if new_map else entry.marks
    symptoms = pending["symptoms"] if new_map else entry.symptoms
    feedback = _feedback(pending) if new_map else (entry.confirmed, entry.denied)
    if request.method == "POST":
        form = EntryForm(request.POST)
        if _save(request, form, marks, symptoms, feedback, entry) is not None:
            if new_map:
                request.session.pop(PENDING, None)
            return redirect("diary:entry", pk=entry.pk)
        status = 400
    else:
        form = EntryForm(
            initial={
                "felt_at": timezone.localtime(entry.felt_at),
                "overall_pain": entry.overall_pain,
                "notes": entry.notes,
            }
        )
        status = 200
    context = {
        "form": form,
        "nav": "diary",
        "editing": entry,
        "new_map": new_map,
        **map_context(marks),
    }
    return render(request, "diary/entry_form.html", context, status=status)


@never_cache
@with_own_entry
@require_GET
def edit_map(request: HttpRequest, entry: PainEntry) -> HttpResponse:
    """The body chart, marked as this entry; “Save as the new map of this entry” under the
    results brings the new map back to the entry's edit page."""
    request.session[EDITING] = entry.pk
    context = chart_form_context(services.raw_marks_from_entry(entry), [], entry.symptoms)
    return render(request, "matching/chart_page.html", context)


@never_cache
@with_own_entry
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, entry: PainEntry) -> HttpResponse:
    return delete_after_confirming(request, entry, "entry", "diary:timeline")


def delete_after_confirming(
    request: HttpRequest, row: PainEntry | Treatment, name: str, then: str
) -> HttpResponse:
    """GET asks (`diary/<name>_delete.html`, the row as `<name>`), POST deletes."""
    if request.method == "POST":
        row.delete()
        return redirect(then)
    return render(request, f"diary/{name}_delete.html", {"nav": "diary", name: row})


RECENT_TREATMENTS = 20


def _valid_treatment(request: HttpRequest, form: TreatmentForm) -> services.TreatmentInput | None:
    """The treatment a filled-in form describes, checked by the diary's rules; otherwise
    `None`, with every problem added to the form under its field."""
    if not form.is_valid():
        return None
    try:
        return services.validate_treatment(
            signed_in_user(request.user),
            trigger_point=form.cleaned_data["trigger_point"],
            side=form.cleaned_data["side"],
            technique=form.cleaned_data["technique"],
            minutes=form.cleaned_data["minutes"],
            pain_before=form.cleaned_data["pain_before"],
            pain_after=form.cleaned_data["pain_after"],
            done_at=form.cleaned_data["done_at"],
            entry_id=form.cleaned_data["entry"],
        )
    except services.DiaryInputError as error:
        for field, messages in error.by_field().items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return None


@require_http_methods(["GET", "POST"])
@never_cache
def treatments(request: HttpRequest) -> HttpResponse:
    """The treatment log: log one in a few taps, see what helped. A POST with `prefill`
    (from an entry's result) only fills the form in: the trigger point stays out of URLs."""
    status = 200
    if request.method == "POST" and "prefill" not in request.POST:
        form = TreatmentForm(request.POST)
        data = _valid_treatment(request, form)
        if data is not None:
            services.save_treatment(signed_in_user(request.user), data)
            return redirect("diary:treatments")
        status = 400
    else:
        initial: dict[str, Any] = {
            "done_at": timezone.now().replace(second=0, microsecond=0),
            "minutes": 2,
        }
        if request.method == "POST":
            initial.update(
                {
                    key: request.POST[key]
                    for key in ("trigger_point", "side", "entry")
                    if request.POST.get(key)
                }
            )
            point, _, side = request.POST.get("pick", "").partition(":")
            if point:
                initial["trigger_point"] = point
            if side in BODY_SIDES:
                initial["side"] = side
        form = TreatmentForm(initial=initial)
    owner = signed_in_user(request.user)
    helped = selectors.what_helped(owner)
    names = {row.slug: row.name for row in [*helped["points"], *helped["techniques"]]}
    recent = [
        (treatment, names.get(treatment.trigger_point, ""), names.get(treatment.technique, ""))
        for treatment in selectors.recent_treatments(owner)[:RECENT_TREATMENTS]
    ]
    context = {
        "nav": "diary",
        "form": form,
        "helped": helped,
        "min_sessions": selectors.MIN_SESSIONS,
        "next_candidates": selectors.next_candidates(owner, helped["points"]),
        "recent": recent,
    }
    return render(request, "diary/treatments.html", context, status=status)


@never_cache
@with_own_treatment
@require_http_methods(["GET", "POST"])
def treatment_edit(request: HttpRequest, treatment: Treatment) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = TreatmentForm(request.POST)
        data = _valid_treatment(request, form)
        if data is not None:
            services.save_treatment(signed_in_user(request.user), data, treatment)
            return redirect("diary:treatments")
        status = 400
    else:
        form = TreatmentForm(
            initial={
                "trigger_point": treatment.trigger_point,
                "side": treatment.side,
                "technique": treatment.technique,
                "minutes": treatment.minutes,
                "pain_before": treatment.pain_before,
                "pain_after": treatment.pain_after,
                "done_at": timezone.localtime(treatment.done_at),
                "entry": treatment.entry_id,
            }
        )
    context = {"nav": "diary", "form": form, "treatment": treatment}
    return render(request, "diary/treatment_edit.html", context, status=status)


@never_cache
@with_own_treatment
@require_http_methods(["GET", "POST"])
def treatment_delete(request: HttpRequest, treatment: Treatment) -> HttpResponse:
    return delete_after_confirming(request, treatment, "treatment", "diary:treatments")


VERDICT_WORDS = {
    "better": "better",
    "worse": "worse",
    "new": "new",
    "gone": "gone",
    "same": "the same",
}


@require_GET
@never_cache
def compare(request: HttpRequest) -> HttpResponse:
    """Two of my entries side by side (their ids, chosen on the timeline, are the only
    thing in the query string): each region better, worse, new or gone, and by how much."""
    ids = request.GET.getlist("entry")
    if len(ids) != 2 or not all(i.isdigit() for i in ids):
        return render(
            request,
            "diary/compare.html",
            {"nav": "diary", "error": "Tick exactly two entries on the timeline to compare."},
            status=400,
        )
    found = {
        entry.pk: entry
        for entry in PainEntry.objects.filter(
            owner=signed_in_user(request.user), pk__in=[int(i) for i in ids]
        )
    }
    if len(found) != len(set(ids)) or len(set(ids)) != 2:
        raise Http404
    earlier, later = sorted(found.values(), key=lambda e: (e.felt_at, e.pk))
    catalogue = region_catalogue()
    changes = [
        (
            catalogue[c.region].name if c.region in catalogue else c.region,
            c,
            VERDICT_WORDS[c.verdict],
        )
        for c in services.compare_marks(earlier.marks, later.marks)
    ]
    context = {
        "nav": "diary",
        "earlier": earlier,
        "later": later,
        "earlier_chart": selectors.small_chart(earlier),
        "later_chart": selectors.small_chart(later),
        "changes": changes,
        **chart_defs_context(shapes=True),
    }
    return render(request, "diary/compare.html", context)
