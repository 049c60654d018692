"""The admin shows reference data read-only.

Regions, muscles, trigger points, techniques and sources come from the validated files in
`fixtures/` (`load_regions`, `load_knowledge`): an edit in the admin would be silently
overwritten at the next load, so nobody may add, change or delete them here. The admin is
for user data."""

from django.http import HttpRequest


class ReadOnly:
    """Mix into a `ModelAdmin` or an inline (first): listed, searched and viewed; edited only
    in `fixtures/`."""

    def has_add_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False
