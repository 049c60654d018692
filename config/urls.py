from django.contrib import admin
from django.urls import include, path

from config.api_urls import urlpatterns as api_urlpatterns

urlpatterns = [
    path("api/", include((api_urlpatterns, "api"))),  # first: the hot path resolves at once
    path("", include("apps.matching.urls")),
    path("", include("apps.knowledge.urls")),
    path("account/", include("apps.accounts.urls")),
    path("account/", include("apps.portability.urls")),
    path("diary/", include("apps.diary.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "config.views.not_found"
