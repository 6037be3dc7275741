from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("enroll/", views.enroll, name="enroll"),
    path("modules/complete/", views.module_complete, name="module-complete"),
    path("modules/reflection/", views.reflection_save, name="reflection-save"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
]
