"""Background work, through the Django tasks API (immediate in tests, RQ in production)."""

from django_tasks import task


@task()
def data_rights_request_status_email(request_id: int) -> None:
    from .models import DataRightsRequest
    from .notifications import data_rights_request_status_notify
    from .services import user_is_erased

    request = DataRightsRequest.objects.select_related("user").filter(pk=request_id).first()
    if request is not None and not user_is_erased(request.user):  # nor erased meanwhile
        data_rights_request_status_notify(request=request)
