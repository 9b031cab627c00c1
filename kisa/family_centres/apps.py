from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyCentresConfig(AppConfig):
    name = "kisa.family_centres"
    verbose_name = _("Family-centre development")
