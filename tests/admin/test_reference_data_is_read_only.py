"""The admin shows reference data read-only (the files in fixtures/ would overwrite edits);
user accounts stay editable."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.bodymap.models import Region
from apps.knowledge.models import BodyArea, Muscle, Source, Technique, TriggerPoint

pytestmark = pytest.mark.django_db

REFERENCE_MODELS = [Region, BodyArea, Source, Technique, Muscle, TriggerPoint]


@pytest.fixture
def staff(client: Client) -> Client:
    user = User.objects.create_superuser("admin", "admin@example.org", "a long admin password")
    client.force_login(user)
    return client


def url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
def test_reference_data_can_be_listed_and_viewed_but_not_added(staff: Client, model: type):
    listing = staff.get(url(model, "changelist"))
    assert listing.status_code == 200
    assert url(model, "add") not in listing.content.decode()
    item = model.objects.first()
    page = staff.get(url(model, "change", item.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert url(model, "delete", item.pk) not in html
    assert staff.get(url(model, "add")).status_code == 403


def test_a_trigger_point_cannot_be_changed_or_deleted_by_posting(staff: Client):
    point = TriggerPoint.objects.select_related("muscle").first()
    before = (point.name, TriggerPoint.objects.count())
    changed = staff.post(url(TriggerPoint, "change", point.pk), {"name": "Edited"})
    deleted = staff.post(url(TriggerPoint, "delete", point.pk), {"post": "yes"})
    assert (changed.status_code, deleted.status_code) == (403, 403)
    point.refresh_from_db()
    assert (point.name, TriggerPoint.objects.count()) == before


def test_a_trigger_points_zones_self_care_and_sources_are_shown_but_not_editable(staff: Client):
    point = TriggerPoint.objects.filter(self_care__isnull=False).first()
    html = staff.get(url(TriggerPoint, "change", point.pk)).content.decode()
    zone = point.zones.select_related("region").first()
    assert str(zone.region) in html
    for field in ("zones-0-region", "zones-0-kind", "self_care-0-steps", "citations-0-chapter"):
        assert f'name="{field}"' not in html  # shown as text, not as a form field


def test_every_registered_reference_model_is_read_only():
    request = None
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"bodymap", "knowledge"}:
            assert not model_admin.has_add_permission(request), model
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_delete_permission(request), model


def test_user_accounts_stay_editable_in_the_admin(staff: Client):
    user = User.objects.create_user("someone", "someone@example.org", "another long password")
    page = staff.get(url(User, "change", user.pk))
    assert page.status_code == 200
    assert 'name="_save"' in page.content.decode()
