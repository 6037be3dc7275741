from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .inbox import unread_count_on_login

        # The header's unread count is read on every page: counted once when the person
        # logs in, then kept in the cache and forgotten whenever their inbox changes.
        user_logged_in.connect(unread_count_on_login, dispatch_uid="accounts.inbox.unread")
