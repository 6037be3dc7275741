"""``/<lang>/standards/…``. The namespace stays ``competencies``: a standard's
``get_absolute_url`` and every template reverse ``competencies:standard-…``."""

from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("", views.standard_list, name="standard-list"),
    path("<slug:framework>/<str:code>/", views.standard_detail, name="standard-detail"),
    path(
        "<slug:framework>/<str:code>/v<str:version>/",
        views.standard_detail,
        name="standard-version",
    ),
    path(
        "<slug:framework>/<str:code>/coverage/",
        views.standard_coverage,
        name="standard-coverage",
    ),
]
