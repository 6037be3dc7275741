from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, selectors
from .viewsets import IssuanceRuleViewSet

admin_urlpatterns = [
    path("", admin_views.CertificateIndexView.as_view(), name="index"),
    path("issue/", admin_views.CertificateIssueView.as_view(), name="issue"),
    path("<int:pk>/", admin_views.CertificateDetailView.as_view(), name="detail"),
    path("<int:pk>/revoke/", admin_views.CertificateRevokeView.as_view(), name="revoke"),
    path("<int:pk>/reissue/", admin_views.CertificateReissueView.as_view(), name="reissue"),
    path("approvals/", admin_views.ApprovalQueueView.as_view(), name="approvals"),
    path(
        "approvals/<int:pk>/<str:decision>/",
        admin_views.ApprovalDecisionView.as_view(),
        name="approval_decide",
    ),
    path("bulk/", admin_views.BulkCreateView.as_view(), name="bulk_create"),
    path("bulk/<int:pk>/", admin_views.BulkProgressView.as_view(), name="bulk"),
    path("bulk/<int:pk>/status/", admin_views.BulkStatusView.as_view(), name="bulk_status"),
]


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path(
            "certificates/",
            include((admin_urlpatterns, "certificates_admin"), namespace="certificates_admin"),
        )
    ]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.view_certificate")


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return CertificatesMenuItem(
        _("Certificates"), reverse("certificates_admin:index"), icon_name="doc-full", order=450
    )


class ApprovalsMenuItem(MenuItem):
    """Shown to those who may issue, with how many certificates are waiting in its label."""

    def is_shown(self, request):
        return request.user.has_perm("certificates.add_certificate")

    def render_component(self, request):
        component = super().render_component(request)
        waiting = selectors.issuance_requests_pending_count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


@hooks.register("register_admin_menu_item")
def register_approvals_menu_item():
    return ApprovalsMenuItem(
        _("Approvals"),
        reverse("certificates_admin:approvals"),
        name="certificate-approvals",
        icon_name="tasks",
        order=451,
    )


@hooks.register("register_admin_viewset")
def register_issuance_rule_viewset():
    return IssuanceRuleViewSet("certificate_issuance_rules")
