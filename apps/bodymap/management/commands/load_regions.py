from django.core.management.base import BaseCommand

from apps.bodymap.regions import region_catalogue
from apps.bodymap.services import sync_regions


class Command(BaseCommand):
    help = "Load the body regions from fixtures/bodymap/ (idempotent; quiet when unchanged)."

    def handle(self, *args: object, **options: object) -> None:
        report = sync_regions(region_catalogue())
        if report.changed:
            self.stdout.write(
                f"Regions: {report.created} created, {report.updated} updated, "
                f"{report.deleted} deleted."
            )
