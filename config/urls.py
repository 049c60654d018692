from django.contrib import admin
from django.urls import include, path

from config.api_urls import urlpatterns as api_urlpatterns
from config.health import healthz, readyz

urlpatterns = [
    path("api/", include((api_urlpatterns, "api"))),  # first: the hot path resolves at once
    path("", include("apps.matching.urls")),
    path("", include("apps.knowledge.urls")),
    path("account/", include("apps.accounts.urls")),
    path("diary/", include("apps.diary.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

handler404 = "config.views.not_found"
# A database that is down or hung: a 503 with Retry-After, never a traceback (config.faults).
handler500 = "config.faults.server_error"
