from django.apps import AppConfig


class ReportConfig(AppConfig):
    name = "apps.report"
    verbose_name = "Clinician report and sharing"
