from django.contrib import admin

from apps.bodymap.models import Region
from config.reference_admin import ReadOnly


@admin.register(Region)
class RegionAdmin(ReadOnly, admin.ModelAdmin[Region]):
    """Read-only: the regions come from `fixtures/bodymap/regions.csv` (`load_regions`)."""

    list_display = ["slug", "name", "view", "side", "area"]
    list_filter = ["view", "side", "area"]
    search_fields = ["slug", "name"]
