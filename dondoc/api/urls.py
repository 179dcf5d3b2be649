from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from . import views
from .errors import not_found

router = SimpleRouter(use_regex_path=False)
router.register("units", views.UnitViewSet, basename="unit")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("submissions", views.SubmissionViewSet, basename="submission")

app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    # Swagger UI (served from the app, no CDN) sets a few styles from script: allowed on this page only.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny])), name="docs"),
    path("me/", views.me, name="me"),
    path("extract/", views.extract, name="extract"),
    path("registry-changes/", views.registry_change, name="registry_change"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
