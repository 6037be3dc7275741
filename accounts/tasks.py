"""Background work, through the Django tasks API (immediate in tests, RQ in production)."""

from django_tasks import task


@task()
def sign_up_email(user_id: int, new_account: bool) -> None:
    from .models import User
    from .services import sign_up_notify

    if (owner := User.objects.filter(pk=user_id).first()) is not None:  # not erased meanwhile
        sign_up_notify(owner=owner, new_account=new_account)
