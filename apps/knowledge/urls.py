from django.urls import path

from apps.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("muscles/", views.muscle_index, name="muscle-index"),
    path("muscles/<slug:slug>/", views.muscle_detail, name="muscle"),
    path("trigger-points/<slug:slug>/", views.trigger_point_detail, name="trigger-point"),
    path("techniques/", views.technique_index, name="technique-index"),
    path("techniques/<slug:slug>/", views.technique_detail, name="technique"),
    path("trigger-points/", views.what_is_a_trigger_point, name="what-is-a-trigger-point"),
    path("self-care/when-to-stop/", views.when_to_stop, name="when-to-stop"),
    path("self-care/beyond/", views.beyond_self_treatment, name="beyond-self-treatment"),
]
