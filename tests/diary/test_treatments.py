import re
from datetime import timedelta

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.diary.forms import LongSelect
from apps.diary.models import PainEntry, Treatment

pytestmark = pytest.mark.django_db


def log_form(**overrides: str) -> dict[str, str]:
    form = {
        "trigger_point": "temporalis-1",
        "side": "r",
        "technique": "sustained-pressure",
        "minutes": "5",
        "pain_before": "6",
        "pain_after": "3",
        "done_at": (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
    }
    form.update(overrides)
    return form


def log(owner: User, point: str, technique: str, before: int, after: int, side: str = "r"):
    return Treatment.objects.create(
        owner=owner,
        trigger_point=point,
        side=side,
        technique=technique,
        minutes=5,
        pain_before=before,
        pain_after=after,
    )


def test_logging_a_treatment_from_the_page(alice: User, alice_client: Client):
    response = alice_client.post(reverse("diary:treatments"), log_form())
    assert response["Location"] == reverse("diary:treatments")
    treatment = Treatment.objects.get(owner=alice)
    assert (treatment.trigger_point, treatment.minutes, treatment.change) == ("temporalis-1", 5, 3)
    html = alice_client.get(reverse("diary:treatments")).content.decode()
    assert "pain 6 → 3" in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("minutes", "0"),
        ("minutes", "241"),
        ("pain_before", "11"),
        ("trigger_point", "no-such-point"),
        ("technique", "no-such-technique"),
    ],
)
def test_bad_treatments_are_refused_naming_the_field_and_keep_what_was_typed(
    alice_client: Client, field: str, value: str
):
    response = alice_client.post(reverse("diary:treatments"), log_form(**{field: value}))
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(rf'class="form-field form-field--error">.*?name="{field}"', html, re.S)
    assert re.search(r'<option value="sustained-pressure" selected', html) or field == "technique"
    assert not Treatment.objects.exists()


def test_an_entry_result_fills_the_treatment_form_in_one_tap(
    alices_entry: PainEntry, alice_client: Client
):
    first = alices_entry.results["results"][0]
    page = alice_client.get(reverse("diary:entry", args=[alices_entry.pk])).content.decode()
    assert "I treated this" in page
    response = alice_client.post(
        reverse("diary:treatments"),
        {
            "prefill": "1",
            "trigger_point": first["trigger_point"],
            "side": first["side"],
            "entry": alices_entry.pk,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{first["trigger_point"]}" selected' in html
    assert f'value="{alices_entry.pk}"' in html
    assert not Treatment.objects.exists()


def test_what_helped_shows_averages_only_from_three_sessions_with_the_count(
    alice: User, bob: User, alice_client: Client
):
    for before, after in [(6, 3), (7, 4), (5, 2)]:
        log(alice, "temporalis-1", "sustained-pressure", before, after)
    log(alice, "temporalis-2", "heat", 6, 5)
    for _ in range(3):
        log(bob, "temporalis-2", "heat", 9, 0)
    html = alice_client.get(reverse("diary:treatments")).content.decode()
    assert re.search(r"Sustained pressure.*?<td>3</td><td>3.0 points better", html, re.S)
    assert re.search(r"<td>1</td><td><span class=\"empty-note\">from 3 sessions", html)
    assert "9 points" not in html


def test_no_relief_after_three_sessions_suggests_the_next_candidate(
    alice: User, alices_entry: PainEntry, alice_client: Client
):
    first, second = alices_entry.results["results"][:2]
    for _ in range(3):
        log(alice, first["trigger_point"], "sustained-pressure", 6, 6, side=first["side"])
    html = alice_client.get(reverse("diary:treatments")).content.decode()
    assert "3 sessions on" in html
    assert "have not brought relief" in html
    assert f"/trigger-points/{second['trigger_point']}/" in html


def test_relief_brings_no_such_suggestion(
    alice: User, alices_entry: PainEntry, alice_client: Client
):
    first = alices_entry.results["results"][0]
    for _ in range(3):
        log(alice, first["trigger_point"], "sustained-pressure", 6, 4, side=first["side"])
    assert (
        "have not brought relief"
        not in alice_client.get(reverse("diary:treatments")).content.decode()
    )


def page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("diary:treatments")).status_code == 200
    return len(queries)


def test_the_treatment_page_runs_as_many_queries_for_1_treatment_as_for_500(
    alice: User, alice_client: Client
):
    log(alice, "temporalis-1", "heat", 5, 4)
    one = page_queries(alice_client)
    Treatment.objects.bulk_create(
        Treatment(
            owner=alice,
            trigger_point=f"temporalis-{n % 3 + 1}",
            side="r",
            technique="heat",
            minutes=5,
            pain_before=5,
            pain_after=4,
        )
        for n in range(499)
    )
    assert page_queries(alice_client) == one


def test_the_treatment_page_is_private(client: Client, alice_client: Client):
    response = client.get(reverse("diary:treatments"))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in/")
    assert "no-store" in alice_client.get(reverse("diary:treatments"))["Cache-Control"]


def test_a_trigger_point_page_offers_to_log_a_treatment_to_signed_in_users_only(
    client: Client, alice_client: Client
):
    url = reverse("knowledge:trigger-point", args=["temporalis-1"])
    assert "I treated this" not in client.get(url).content.decode()
    html = alice_client.get(url, {"side": "l"}).content.decode()
    assert "I treated this" in html
    assert re.search(
        r'name="trigger_point" value="temporalis-1"><input type="hidden" name="side" value="l"',
        html,
    )


@pytest.mark.parametrize("value", ["", "c", "masseter-1", None])
def test_the_long_drop_down_has_the_markup_of_djangos_own(value):
    """The treatment form's trigger points are drawn in Python for speed: the same
    options, labels (escaped), groups and selection as Django's template draws."""
    choices = [("", "Choose"), ("a<b", "A & B"), ("Masseter", [("masseter-1", "Masseter 1")])]
    attrs = {"id": "id_tp", "required": True, "aria-invalid": False}
    django_html = forms.Select(choices=choices).render("tp", value, attrs)
    assert str(LongSelect(choices=choices).render("tp", value, attrs)) == "".join(
        line.strip() for line in django_html.splitlines()
    )
