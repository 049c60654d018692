from django.urls import path

from apps.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.chart_page, name="chart"),
    path("assessment/", views.assessment, name="assessment"),
]
