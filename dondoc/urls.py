from django.contrib import admin
from django.urls import include, path

from dondoc.monitoring import views as monitoring_views

urlpatterns = [
    path("", monitoring_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("dondoc.accounts.urls")),
    path("don-vi/", include("dondoc.units.urls")),
    path("van-ban/", include("dondoc.directives.urls")),
    path("nhiem-vu/", include("dondoc.submissions.urls")),
    path("theo-doi/", include("dondoc.monitoring.urls")),
    path("nhac-viec/", include("dondoc.reminders.urls")),
    path("quan-tri/", admin.site.urls),
]
