from django.urls import path

from apps.report import views

app_name = "report"
urlpatterns = [
    path("", views.report, name="report"),
    path("shares/", views.shares, name="shares"),
    path("shares/<int:pk>/revoke/", views.revoke_share, name="revoke"),
    path("entries/<int:pk>/chart.png", views.entry_chart_png, name="entry-png"),
]
