from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kisa.accounts.forms import ApiTokenForm, InvitationForm, LoginForm, SetPasswordForm, TokenForm
from kisa.accounts.models import Role
from kisa.accounts.rules import is_system_admin as is_admin
from kisa.accounts.selectors import (
    api_token_list_for,
    invitations_of_office,
    locked_usernames,
    membership_of,
    users_of_office,
    youth_office_id_of,
)
from kisa.accounts.services import (
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    invitation_send,
    user_deactivate,
    user_log_out_everywhere,
    user_reactivate,
    user_reset_two_factor,
    user_unlock,
)
from kisa.accounts.two_factor import (
    HAS_DEVICE_KEY,
    TOTP_NAME,
    confirmed_totp_device,
    has_confirmed_device,
    new_recovery_codes,
    recovery_codes_left,
    two_factor_required_for,
)
from kisa.core.audit import audit_event
from kisa.core.models import AuditEntry
from kisa.core.permissions import public, requires
from kisa.registry.models import Kita, Provider


@method_decorator(public, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@method_decorator(public, name="dispatch")
class LogoutView(auth_views.LogoutView):
    pass


@never_cache  # the page can show a new raw token: no browser or proxy may keep a copy
@requires("accounts.manage_own_tokens")
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; creating one shows the new token exactly once."""
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenForm()
    context = {"form": form, "tokens": api_token_list_for(user=request.user), "new_token": new_token}
    return render(request, "accounts/token_list.html", context)


@require_POST
@requires("accounts.manage_own_tokens")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_token_list_for(user=request.user), pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


# --- Two-factor authentication ---------------------------------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


@never_cache
@requires("accounts.manage_own_security")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code, confirm with a code; then the recovery codes appear once.

    A user who already has a confirmed device must enter it first (the middleware sends them to the code
    entry), so an open session alone cannot replace someone's second factor.
    """
    user = request.user
    if confirmed_totp_device(user) is not None and not user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save()
                codes = new_recovery_codes(user)
                otp_login(request, device)
                request.session[HAS_DEVICE_KEY] = True
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request)}
            )
        form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    context = {
        "form": form,
        "qr_code": _qr_data_uri(device),
        "secret": b32encode(device.bin_key).decode(),
        "next": _safe_next(request),
        "required": two_factor_required_for(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@requires("accounts.manage_own_security")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: a code from the app or a recovery code (used up)."""
    user = request.user
    if not has_confirmed_device(user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)d remain. Create new ones on the security page.")
                    % {"left": recovery_codes_left(user)},
                )
            return redirect(_safe_next(request))
        audit_event(
            actor=user,
            action=AuditEntry.Action.LOGIN_FAILED,
            youth_office_id=youth_office_id_of(user),
            label="wrong second factor",
        )
        form.add_error("token", _("The code is not valid. Check the time on your phone and try again."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)})


@never_cache
@requires("accounts.manage_own_security")
def security(request: HttpRequest) -> HttpResponse:
    """The user's own sign-in security: second factor, recovery codes, sessions."""
    user = request.user
    codes = None
    if (
        request.method == "POST"
        and request.POST.get("action") == "recovery_codes"
        and has_confirmed_device(user)
    ):
        codes = new_recovery_codes(user)
    context = {
        "device": confirmed_totp_device(user),
        "codes": codes,
        "codes_left": recovery_codes_left(user),
        "required": two_factor_required_for(user),
        "idle_minutes": settings.KISA_SESSION_IDLE_TIMEOUT // 60,
    }
    return render(request, "accounts/security.html", context)


@require_POST
@requires("accounts.manage_own_security")
def log_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the user, on every device, this one included."""
    user_log_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You were signed out on all devices."))
    return redirect("accounts:login")


# --- User management (coordination, admin) --------------------------------------------------------------


def _office_users(request: HttpRequest) -> Any:
    return users_of_office(user=request.user)


@requires("accounts.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    context = {
        "users": _office_users(request),
        "invitations": invitations_of_office(user=request.user),
        "locked": locked_usernames(),
    }
    return render(request, "accounts/user_list.html", context)


@require_POST
@requires("accounts.manage_users")
def user_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Deactivate, reactivate, unlock or reset the second factor of an account of the user's own office."""
    person = get_object_or_404(_office_users(request), pk=pk)
    role = getattr(getattr(person, "membership", None), "role", None)
    if role == Role.ADMIN and not is_admin(request.user):
        raise PermissionDenied  # coordination manages the office's people, not its administrators
    try:
        if action == "deactivate":
            user_deactivate(actor=request.user, user=person)
            messages.success(request, _("%(name)s was deactivated.") % {"name": person})
        elif action == "reactivate":
            user_reactivate(actor=request.user, user=person)
            messages.success(request, _("%(name)s was reactivated.") % {"name": person})
        elif action == "unlock":
            user_unlock(actor=request.user, user=person)
            messages.success(request, _("The sign-in lockout of %(name)s was lifted.") % {"name": person})
        elif action == "reset_two_factor":
            user_reset_two_factor(actor=request.user, user=person)
            messages.success(
                request,
                _("The second factor of %(name)s was reset; they set up a new one at the next sign-in.")
                % {"name": person},
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:users")


@requires("accounts.manage_users")
def invitation_create_view(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    office = membership.youth_office if membership else None
    roles = [(value, label) for value, label in Role.choices if value != Role.ADMIN or is_admin(request.user)]
    form = InvitationForm(
        request.POST or None,
        roles=roles,
        providers=Provider.objects.filter(youth_office=office),
        kitas=Kita.objects.filter(youth_office=office),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, raw = invitation_create(
                actor=request.user,
                youth_office=office,
                email=data["email"],
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                provider=data["provider"],
                kitas=data["kitas"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            url = request.build_absolute_uri(reverse("accounts:invitation_accept", args=[raw]))
            invitation_send(invitation=invitation, accept_url=url)
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("accounts:users")
    return render(request, "accounts/invitation_form.html", {"form": form})


def _add_errors(form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@require_POST
@requires("accounts.manage_users")
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(invitations_of_office(user=request.user), pk=pk)
    invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("accounts:users")


@never_cache
@public
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person chooses their password; the link then no longer works."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_accept(raw_token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages_ in error.message_dict.items():
                    form.add_error("password1" if field == "password" else None, messages_)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Your account is ready. Please sign in."))
            return redirect("accounts:login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})
