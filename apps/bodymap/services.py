from dataclasses import dataclass

from django.db import transaction

from apps.bodymap.models import Region
from apps.bodymap.regions import RegionCatalogue


@dataclass(frozen=True)
class SyncReport:
    created: int
    updated: int
    deleted: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@transaction.atomic
def sync_regions(catalogue: RegionCatalogue) -> SyncReport:
    """Make the Region table equal the catalogue; unchanged rows are not written."""
    existing = {region.slug: region for region in Region.objects.all()}
    created = updated = 0
    for info in catalogue.regions.values():
        values = {
            "name": info.name,
            "view": info.view,
            "side": info.side,
            "area": info.area,
            "position": info.position,
        }
        region = existing.get(info.slug)
        if region is None:
            Region.objects.create(slug=info.slug, **values)
            created += 1
        elif any(getattr(region, key) != value for key, value in values.items()):
            Region.objects.filter(pk=region.pk).update(**values)
            updated += 1
    stale = Region.objects.exclude(slug__in=catalogue.regions.keys())
    deleted = stale.count()
    stale.delete()
    return SyncReport(created=created, updated=updated, deleted=deleted)
