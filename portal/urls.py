from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language

from . import offline, verification, views
from .api.views import pages as api_pages

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/tokens/", api_pages.token_list, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", api_pages.token_revoke, name="api_token_revoke"),
    # The language switcher is on the login page too, so it must answer anonymous visitors.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    # Certificates are checked without an account. Anything after /verify/ (slashes, line breaks) reaches
    # the page, which answers that it is not a code, rather than a bare "page not found".
    path("verify/", verification.verify, name="verify"),
    re_path(r"^verify/(?P<code>[\s\S]+)/$", verification.verify_code, name="verify_code"),
    path("admin/", admin.site.urls),
    path("", include("portal.api.urls")),
    path("", include("portal.reports.urls")),
    path("", include("portal.trainers.urls")),
    path("", include("portal.feedback.urls")),
    path("", include("portal.selftest.urls")),
    path("", include("councils.urls")),
    path("", include("trainings.urls")),
    path("", include("assessments.urls")),
]

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
