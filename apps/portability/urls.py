from django.urls import path

from apps.portability import views

app_name = "portability"
urlpatterns = [
    path("import/", views.import_diary, name="import"),
    path("delete/", views.delete_account, name="delete-account"),
]
