from django.urls import path

from . import document_views, views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_landing, name="verify_landing"),
    path("verify/check-pdf/", views.check_pdf, name="check_pdf"),
    path("verify/check-credential/", views.check_credential, name="check_credential"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/document/<str:code>/", views.verify_document, name="verify_document"),
    path("verify/<str:code>/credential.json", views.credential, name="credential"),
    path("certificates/", views.my_certificates, name="mine"),
    path("certificates/learner-record.json", views.learner_record, name="learner_record"),
    path("certificates/<str:code>/download/", views.download, name="download"),
    # The CONOCER evaluation documents (PDF, in Spanish or English whatever the page language).
    path(
        "evaluation-documents/iec/<int:standard>/<str:language>.pdf",
        document_views.iec,
        name="document_iec",
    ),
    path(
        "evaluation-documents/cedula/<int:judgement>/<str:language>.pdf",
        document_views.cedula,
        name="document_cedula",
    ),
    path(
        "evaluation-documents/plan/<int:plan>/<str:language>.pdf",
        document_views.plan,
        name="document_plan",
    ),
    path(
        "evaluation-documents/portfolio/<int:standard>/<int:candidate>/<str:language>.pdf",
        document_views.portfolio,
        name="document_portfolio",
    ),
    path(
        "evaluation-documents/portfolio/<int:standard>/<int:candidate>/<str:language>.zip",
        document_views.portfolio_archive,
        name="document_portfolio_zip",
    ),
    path(
        "evaluation-documents/registration/<int:standard>/<int:candidate>/<str:language>.pdf",
        document_views.registration,
        name="document_registration",
    ),
]
