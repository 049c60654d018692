from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import ApiView
from config.urls import urlpatterns as project_urlpatterns


class TrivialApi(ApiView):
    def post(self, request: Request) -> Response:
        return Response({"status": "ok", "fields": len(request.data)})


urlpatterns = [path("bench/trivial/", TrivialApi.as_view()), *project_urlpatterns]
