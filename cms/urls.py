from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.decorators.http import require_POST

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as admin_account
from wagtail.documents import urls as wagtaildocs_urls

from cms import site_urls, views

handler400 = views.bad_request

urlpatterns = [
    # Log out by POST only: Wagtail's view drops the session cookie even when it refuses a
    # GET (405), leaving the session alive on the server (issue 16, item 10).
    path(
        "admin/logout/",
        require_POST(admin_account.LogoutView.as_view()),
        name="wagtailadmin_logout",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:language>/", views.switch_language, name="switch-language"),
    path("", include("certificates.credential_urls")),
]

urlpatterns += i18n_patterns(
    *site_urls.app_patterns,
    # Page serving comes last: it catches every remaining path (Wagtail's pattern).
    re_path(r"^((?:[\w\-]+/)*)$", views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
