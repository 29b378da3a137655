"""The user's page of personal API tokens (under the account menu): create, see, revoke.

A new token's text is shown once, on the page the creation redirects to (it travels in the session for that
one request and is then dropped); only its digest is kept.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST

from portal.models import ApiToken

from ..tokens import EXPIRY_DAYS, create_token, revoke_token

SHOW_ONCE_KEY = "api_token_created"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “DHIS2 sync”."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Access"), choices=ApiToken.Scope.choices, initial="read")
    days = forms.TypedChoiceField(
        label=gettext_lazy("Expires after"),
        coerce=int,
        choices=[
            (days, ngettext_lazy("%(count)d day", "%(count)d days", days) % {"count": days}) for days in EXPIRY_DAYS
        ],
        initial=90,
    )


def _check_can_have_tokens(user):
    if not user.roles:
        raise PermissionDenied


def token_list(request):
    _check_can_have_tokens(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, plain = create_token(user=request.user, **form.cleaned_data)
        request.session[SHOW_ONCE_KEY] = {"pk": token.pk, "text": plain}
        return redirect("api_tokens")
    created = request.session.pop(SHOW_ONCE_KEY, None)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "portal/api_tokens.html", {"form": form, "tokens": tokens, "created": created})


@require_POST
def token_revoke(request, pk):
    _check_can_have_tokens(request.user)
    if revoke_token(user=request.user, pk=pk):
        messages.success(request, _("The token is revoked: it no longer opens the API."))
    return redirect("api_tokens")
