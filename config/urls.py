from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from portal import views as portal_views
from units import views as unit_views

admin.site.site_header = "Thi đua – Khen thưởng · LĐLĐ tỉnh Điện Biên"



def healthz(request):
    """Liveness for the load balancer; also the benchmark's ceiling (the bare stack, no database)."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("healthz/page/", portal_views.base_page, name="base-page"),
    path("", portal_views.home, name="home"),
    path("notices/", include("portal.notices.urls")),
    path("", include("units.urls")),
    path("", include("units.import_urls")),
    path("", include("awards.urls")),
    path("", include("awards.urls_public")),
    path("campaigns/", include("campaigns.urls")),
    path("blocs/", include("blocs.urls")),
    path("cong-khai/", include("campaigns.urls_public")),
    path("", include("portal.jobs.urls")),
    path("", include("portal.attachments.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/password_change/", unit_views.OwnPasswordChangeView.as_view(), name="password_change"),
    path("accounts/reset/<uidb64>/<token>/", unit_views.OwnPasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "portal.errors.bad_request"
