from django.contrib import admin

from apps.bodymap.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "view", "side", "area"]
    list_filter = ["view", "side", "area"]
    search_fields = ["slug", "name"]
