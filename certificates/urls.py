from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_landing, name="verify_landing"),
    path("verify/check-pdf/", views.check_pdf, name="check_pdf"),
    path("verify/check-credential/", views.check_credential, name="check_credential"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>/credential.json", views.credential, name="credential"),
    path("certificates/", views.my_certificates, name="mine"),
    path("certificates/<str:code>/download/", views.download, name="download"),
]
