from typing import Any

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


class TokenForm(KisaFormMixin, forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class InvitationForm(KisaFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=None, required=False, help_text=_("Only for the provider role.")
    )
    kitas = forms.ModelMultipleChoiceField(
        label=_("Kitas"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for Kita leadership."),
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], providers: Any, kitas: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["provider"].queryset = providers
        self.fields["kitas"].queryset = kitas


class SetPasswordForm(KisaFormMixin, forms.Form):
    """The invited person chooses their password (checked against the password policy by the service)."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common or leaked password, not similar to your name."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
