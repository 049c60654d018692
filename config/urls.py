from django.contrib import admin
from django.urls import include, path

from apps.report import views as report_views
from config.api_urls import urlpatterns as api_urlpatterns
from config.health import healthz, readyz

urlpatterns = [
    path("api/", include((api_urlpatterns, "api"))),  # first: the hot path resolves at once
    path("", include("apps.matching.urls")),
    path("", include("apps.knowledge.urls")),
    path("account/", include("apps.accounts.urls")),
    path("account/", include("apps.portability.urls")),
    path("diary/", include("apps.diary.urls")),
    path("report/", include("apps.report.urls")),
    # A share link: the token is the only thing a URL ever carries.
    path("shared/<str:token>/", report_views.shared, name="shared"),
    path("shared/<str:token>/pdf/", report_views.shared_pdf, name="shared-pdf"),
    path("finding-a-therapist/", report_views.finding_help, name="finding-help"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

handler404 = "config.views.not_found"
# A database that is down or hung: a 503 with Retry-After, never a traceback (config.faults).
handler500 = "config.faults.server_error"
