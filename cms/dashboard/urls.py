from django.urls import path

from . import views

# Served under /<lang>/learning/ in front of the courses app's own pages.
urlpatterns = [
    path("", views.learner, name="dashboard"),
    path("teaching/", views.instructor, name="teaching-dashboard"),
]
