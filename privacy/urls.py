from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("accept/", views.accept, name="accept"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download/", views.download, name="download"),
    path("my-data/erasure/", views.erasure_request, name="erasure_request"),
    path("my-data/request/", views.other_request, name="request"),
]
