from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kisa.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from kisa.accounts import signals  # noqa: F401 - connects the audit receivers
