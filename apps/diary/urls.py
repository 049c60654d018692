from django.urls import path

from apps.diary import measures_views, progress_views, views

app_name = "diary"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("new/", views.new_entry, name="new"),
    path("save/", views.save_from_results, name="save"),
    path("start-from-last/", views.start_from_last, name="start-from-last"),
    path("treatments/", views.treatments, name="treatments"),
    path("treatments/<int:pk>/edit/", views.treatment_edit, name="treatment-edit"),
    path("treatments/<int:pk>/delete/", views.treatment_delete, name="treatment-delete"),
    path("compare/", views.compare, name="compare"),
    path("progress/", progress_views.progress_view, name="progress"),
    path("measures/", measures_views.measures_view, name="measures"),
    path("measures/activities/", measures_views.add_activity, name="add-activity"),
    path(
        "measures/activities/<int:pk>/retire/",
        measures_views.retire_activity,
        name="retire-activity",
    ),
    path("measures/function/", measures_views.rate_function, name="rate-function"),
    path(
        "measures/global-impression/",
        measures_views.answer_global_impression,
        name="answer-global-impression",
    ),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/edit/", views.entry_edit, name="edit"),
    path("<int:pk>/map/", views.edit_map, name="edit-map"),
    path("<int:pk>/delete/", views.entry_delete, name="delete"),
]
