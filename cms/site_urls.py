"""The site's localized URLs (``/<lang>/…``) without the admin: a background worker's URLconf.

A worker (``PUENTE_WORKER=1``) only reverses links for e-mails and QR codes, so it loads these
and nothing of the admin. ``cms.urls`` serves the same patterns, with the admin, documents,
the language switch and Puente's faster page serving in front of Wagtail's.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls

app_patterns = [
    path("accounts/", include("accounts.urls")),
    path("privacy/", include("privacy.urls")),
    path("standards/", include("cms.standards.urls")),
    path("learning/", include("cms.dashboard.urls")),
    path("learning/", include("courses.urls")),
    path("assessments/", include("assessments.urls")),
    path("", include("certificates.urls")),
]

# The credentials' issuer documents are the same in every language; Wagtail's own page
# serving comes last: it catches every remaining path.
urlpatterns = [path("", include("certificates.credential_urls"))] + i18n_patterns(
    *app_patterns, path("", include(wagtail_urls)), prefix_default_language=True
)
