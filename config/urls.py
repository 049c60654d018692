from django.contrib import admin
from django.urls import include, path

from config.api_urls import urlpatterns as api_urlpatterns

urlpatterns = [
    path("", include("apps.matching.urls")),
    path("", include("apps.knowledge.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("admin/", admin.site.urls),
]
