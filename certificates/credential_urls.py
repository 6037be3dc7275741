"""Language-independent addresses of the signed credentials' issuer: its DID document
(``did:web`` resolves ``/.well-known/did.json``) and its revocation status lists."""

from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did-document"),
    path("credentials/status/<int:number>", views.status_list, name="status-list"),
]
