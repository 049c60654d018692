from django.urls import path

from apps.diary import views

app_name = "diary"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("new/", views.new_entry, name="new"),
    path("save/", views.save_from_results, name="save"),
    path("start-from-last/", views.start_from_last, name="start-from-last"),
    path("treatments/", views.treatments, name="treatments"),
    path("compare/", views.compare, name="compare"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/edit/", views.entry_edit, name="edit"),
    path("<int:pk>/delete/", views.entry_delete, name="delete"),
]
