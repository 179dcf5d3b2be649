from django.urls import path, re_path

from . import meeting_views, views

app_name = "paperwork"
urlpatterns = [
    path("", views.paper_list, name="papers"),
    path("tao/", views.paper_generate, name="generate"),
    path("<int:pk>/", views.paper_detail, name="paper"),
    re_path(r"^(?P<pk>[0-9]+)/tai/(?P<fmt>docx|pdf)/$", views.paper_download, name="download"),
    path("<int:pk>/tao-pdf/", views.paper_pdf, name="pdf"),
    path("so-dang-ky/", views.registers, name="registers"),
    path("mau/", views.template_list, name="templates"),
    path("mau/<str:purpose>/", views.template_edit, name="template_edit"),
    path("giao-ban/", meeting_views.meeting_list, name="meetings"),
    path("giao-ban/moi/", meeting_views.meeting_create, name="meeting_create"),
    path("giao-ban/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("giao-ban/<int:pk>/du-thao/", meeting_views.meeting_draft, name="meeting_draft"),
    path("giao-ban/<int:pk>/ban-hanh/", meeting_views.meeting_issue, name="meeting_issue"),
]
