from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kisa.core.forms import KisaFormMixin


class LoginForm(KisaFormMixin, AuthenticationForm):
    """Django's login form in KERN style, with a message that does not reveal which part was wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("User name or password is wrong. Please check both and try again."),
    }


class ApiTokenForm(KisaFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is used for, e.g. “reporting script”.")
    )
