from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "apps.matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from apps.matching import checks  # noqa: F401  (registers the system checks)
