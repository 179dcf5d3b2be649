from django.contrib import admin
from django.urls import include, path

from dondoc.api.views import healthz
from dondoc.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("dondoc.accounts.urls")),
    path("don-vi/", include("dondoc.units.urls")),
    path("van-ban/", include("dondoc.directives.urls")),
    path("nhiem-vu/", include("dondoc.submissions.urls")),
    path("theo-doi/", include("dondoc.monitoring.urls")),
    path("doc-van-ban/", include("dondoc.ingest.urls")),
    path("phat-hanh/", include("dondoc.paperwork.urls")),
    path("nhac-viec/", include("dondoc.reminders.urls")),
    path("quan-tri/", admin.site.urls),
    path("api/", include("dondoc.api.urls")),
    path("", include("dondoc.core.urls")),
    path("healthz", healthz, name="healthz"),
]

handler400 = "dondoc.core.middleware.bad_request"
handler403 = "dondoc.core.middleware.permission_denied"
handler404 = "dondoc.core.middleware.page_not_found"
handler500 = "dondoc.core.middleware.server_error"
