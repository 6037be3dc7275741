"""E-mails to the person who made an ARCO request, in their language
(``accounts.notifications``)."""

from django.urls import reverse

from accounts.notifications import absolute_url, user_notify

from .models import DataRightsRequest


def data_rights_request_status_notify(*, request: DataRightsRequest) -> None:
    """Tell the requester their request's new status, with a link to My data (their requests
    and their data). The administrators' notes stay in the request's log."""
    user_notify(
        user=request.user,
        template="privacy/email/request_status",
        context=lambda: {
            "person": request.user,
            "kind": request.get_kind_display(),
            "status": request.get_status_display(),
            "my_data_url": absolute_url(reverse("privacy:my_data")),
        },
    )
