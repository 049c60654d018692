from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView

from apps.bodymap.api import RegionDetailApi, RegionListApi
from apps.diary.api import EntryDetailApi, EntryListApi, TreatmentDetailApi, TreatmentListApi
from apps.diary.measures_api import (
    ActivityDetailApi,
    ActivityListApi,
    FunctionalRatingDetailApi,
    FunctionalRatingListApi,
    GlobalImpressionDetailApi,
    GlobalImpressionListApi,
)
from apps.knowledge.api import (
    MuscleDetailApi,
    MuscleListApi,
    TechniqueDetailApi,
    TechniqueListApi,
    TriggerPointDetailApi,
    TriggerPointListApi,
)
from apps.matching.api import MatchApi
from apps.portability.api import ExportApi, MeApi
from apps.report.api import ShareDetailApi, ShareListApi
from config.views import HealthApi, RedocDocsView, SwaggerDocsView

# Swagger UI and Redoc (served locally) set inline styles and run a blob: worker; still
# nothing may come from another origin.
API_DOCS_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}


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
    path("entries/", EntryListApi.as_view(), name="entry-list"),
    path("entries/<int:pk>/", EntryDetailApi.as_view(), name="entry-detail"),
    path("treatments/", TreatmentListApi.as_view(), name="treatment-list"),
    path("treatments/<int:pk>/", TreatmentDetailApi.as_view(), name="treatment-detail"),
    path("export/", ExportApi.as_view(), name="export"),
    path("me/", MeApi.as_view(), name="me"),
    path("shares/", ShareListApi.as_view(), name="share-list"),
    path("shares/<int:pk>/", ShareDetailApi.as_view(), name="share-detail"),
    path("measures/activities/", ActivityListApi.as_view(), name="activity-list"),
    path("measures/activities/<int:pk>/", ActivityDetailApi.as_view(), name="activity-detail"),
    path(
        "measures/functional-ratings/",
        FunctionalRatingListApi.as_view(),
        name="functional-rating-list",
    ),
    path(
        "measures/functional-ratings/<int:pk>/",
        FunctionalRatingDetailApi.as_view(),
        name="functional-rating-detail",
    ),
    path(
        "measures/global-impressions/",
        GlobalImpressionListApi.as_view(),
        name="global-impression-list",
    ),
    path(
        "measures/global-impressions/<int:pk>/",
        GlobalImpressionDetailApi.as_view(),
        name="global-impression-detail",
    ),
    path("health/", HealthApi.as_view(), name="health"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        login_not_required(
            csp_override(API_DOCS_CSP)(SwaggerDocsView.as_view(url_name="api:schema"))
        ),
        name="docs",
    ),
    path(
        "redoc/",
        login_not_required(
            csp_override(API_DOCS_CSP)(RedocDocsView.as_view(url_name="api:schema"))
        ),
        name="redoc",
    ),
]
