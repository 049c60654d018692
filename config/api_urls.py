from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from apps.bodymap.api import RegionDetailApi, RegionListApi
from apps.knowledge.api import (
    MuscleDetailApi,
    MuscleListApi,
    TechniqueDetailApi,
    TechniqueListApi,
    TriggerPointDetailApi,
    TriggerPointListApi,
)
from apps.matching.api import MatchApi
from config.views import HealthApi

urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="region-list"),
    path("regions/<slug:slug>/", RegionDetailApi.as_view(), name="region-detail"),
    path("muscles/", MuscleListApi.as_view(), name="muscle-list"),
    path("muscles/<slug:slug>/", MuscleDetailApi.as_view(), name="muscle-detail"),
    path("trigger-points/", TriggerPointListApi.as_view(), name="trigger-point-list"),
    path(
        "trigger-points/<slug:slug>/",
        TriggerPointDetailApi.as_view(),
        name="trigger-point-detail",
    ),
    path("techniques/", TechniqueListApi.as_view(), name="technique-list"),
    path("techniques/<slug:slug>/", TechniqueDetailApi.as_view(), name="technique-detail"),
    path("match/", MatchApi.as_view(), name="match"),
    path("health/", HealthApi.as_view(), name="health"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
