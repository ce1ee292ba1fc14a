"""URL configuration: each app mounts its own urls; Dutch paths for a Dutch audience."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from koersvast.core import views as core_views
from koersvast.core.metrics import metrics_view
from koersvast.dashboards.home import home
from koersvast.identity.views import LoginView

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("", home, name="home"),
    path("", include("koersvast.tenancy.urls")),
    path("", include("koersvast.audit.urls")),
    path("portfolio/", include("koersvast.portfolio.urls")),
    path("dashboard/", include("koersvast.dashboards.urls")),
    path("intake/", include("koersvast.intake.urls")),
    path("meldingen/", include("koersvast.notifications.urls")),
    path("afwegingskader/", include("koersvast.framework.urls")),
    path("planning/", include("koersvast.capacity.urls")),
    path("monitoring/", include("koersvast.monitoring.urls")),
    path("financien/", include("koersvast.finance.urls")),
    path("bestuur/", include("koersvast.council.urls")),
    path("openbaar/", include("koersvast.council.public_urls")),
    path("planning/scenarios/", include("koersvast.planning.urls")),
    path("excel/", include("koersvast.spreadsheets.urls")),
    path("vergelijken/", include("koersvast.benchmarking.urls")),
    path("sjablonen/", include("koersvast.library.urls")),
    path("rapportages/", include("koersvast.reports.urls")),
    path("odata/", include("koersvast.odata.urls")),
    path("api/v1/", include("koersvast.api.urls")),
    path("", include("koersvast.api.account_urls")),
    path("", include("koersvast.identity.urls")),
    path("", include("koersvast.administration.urls")),
]

handler403 = "koersvast.core.views.error_403"
handler404 = "koersvast.core.views.error_404"
handler500 = "koersvast.core.views.error_500"
