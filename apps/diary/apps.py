from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "apps.diary"
    verbose_name = "Pain diary"
