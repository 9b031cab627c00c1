from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kisa.accounts.forms import ApiTokenForm, LoginForm
from kisa.accounts.selectors import api_token_list_for
from kisa.accounts.services import api_token_create, api_token_revoke
from kisa.core.permissions import public, requires


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
