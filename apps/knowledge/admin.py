"""Reference data, read-only: it is edited in `fixtures/knowledge/` and loaded from there."""

from django.contrib import admin

from apps.knowledge.models import (
    BodyArea,
    Citation,
    Muscle,
    ReferralZone,
    SelfCare,
    Source,
    Technique,
    TriggerPoint,
)
from config.reference_admin import ReadOnly


class ReferralZoneInline(ReadOnly, admin.TabularInline[ReferralZone, TriggerPoint]):
    model = ReferralZone
    extra = 0
    autocomplete_fields = ["region"]


class SelfCareInline(ReadOnly, admin.StackedInline[SelfCare, TriggerPoint]):
    model = SelfCare
    extra = 0


class CitationInline(ReadOnly, admin.TabularInline[Citation, TriggerPoint]):
    model = Citation
    extra = 0
    fk_name = "trigger_point"
    exclude = ["technique"]


class TechniqueCitationInline(ReadOnly, admin.TabularInline[Citation, Technique]):
    model = Citation
    extra = 0
    fk_name = "technique"
    exclude = ["trigger_point"]


@admin.register(BodyArea)
class BodyAreaAdmin(ReadOnly, admin.ModelAdmin[BodyArea]):
    list_display = ["name", "slug", "order"]


@admin.register(Source)
class SourceAdmin(ReadOnly, admin.ModelAdmin[Source]):
    list_display = ["key", "authors", "year", "title"]
    search_fields = ["key", "title", "authors"]


@admin.register(Technique)
class TechniqueAdmin(ReadOnly, admin.ModelAdmin[Technique]):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    inlines = [TechniqueCitationInline]


class TriggerPointInline(ReadOnly, admin.TabularInline[TriggerPoint, Muscle]):
    model = TriggerPoint
    extra = 0
    fields = ["slug", "name", "prevalence"]
    show_change_link = True


@admin.register(Muscle)
class MuscleAdmin(ReadOnly, admin.ModelAdmin[Muscle]):
    list_display = ["name", "slug", "area"]
    list_filter = ["area"]
    search_fields = ["name", "slug", "search_text"]
    inlines = [TriggerPointInline]
    exclude = ["search_text"]


@admin.register(TriggerPoint)
class TriggerPointAdmin(ReadOnly, admin.ModelAdmin[TriggerPoint]):
    list_display = ["name", "slug", "muscle", "prevalence", "site_region"]
    list_filter = ["prevalence", "muscle__area"]
    search_fields = ["name", "slug", "muscle__name"]
    autocomplete_fields = ["muscle", "site_region"]
    inlines = [ReferralZoneInline, SelfCareInline, CitationInline]
