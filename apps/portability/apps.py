from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "apps.portability"
    verbose_name = "Exports, import and erasure"
