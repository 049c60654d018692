from django.apps import AppConfig


class BodymapConfig(AppConfig):
    name = "apps.bodymap"
    verbose_name = "Body map"
