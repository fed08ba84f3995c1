from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from naikkelas.accounts.views.home import home
from naikkelas.api import api
from naikkelas.core import offline
from naikkelas.mentoring.views.followups import followup_link
from naikkelas.outcomes import views_heroes as hero_views
from naikkelas.registry import views_sign_in
from naikkelas.training.views.certificates import verify as verify_certificate
from naikkelas.training.views.certificates import verify_index as verify_certificate_index


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the app answers (without touching the database)."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path("akun/masuk/kode/", views_sign_in.code_request, name="sign_in_code"),
    path("akun/masuk/kode/kata-sandi/", views_sign_in.password_after_code, name="sign_in_password"),
    path("akun/masuk/kode/<str:token>/", views_sign_in.code_check, name="sign_in_code_check"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("luring/halaman/", offline.pages_view, name="offline_pages"),
    path("akun/", include("naikkelas.accounts.urls")),
    path("registri/", include("naikkelas.registry.urls")),
    path("program/", include("naikkelas.programs.urls")),
    path("pelatihan/", include("naikkelas.training.urls")),
    path("pendampingan/", include("naikkelas.mentoring.urls")),
    path("hasil/", include("naikkelas.outcomes.urls")),
    path("tindak-lanjut/<str:token>/", followup_link, name="followup_link"),
    path("pahlawan-lokal/", hero_views.showcase, name="showcase"),
    path("pahlawan-lokal/<int:pk>/foto/", hero_views.showcase_photo, name="showcase_photo"),
    path("pesan/", include("naikkelas.notify.urls")),
    path("data-pribadi/", include("naikkelas.privacy.urls")),
    path("verifikasi/", verify_certificate_index, name="verify_index"),
    path("verifikasi/<str:code>/", verify_certificate, name="verify"),
    path("", include("naikkelas.selection.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
