from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("", views.my_assignments, name="my_assignments"),
    path("<int:pk>/", views.assignment_detail, name="assignment"),
    path("<int:pk>/gui/", views.submit, name="submit"),
    path("<int:pk>/ke-hoach-tien-do/", views.progress_plan, name="progress_plan"),
    path("moc/<int:pk>/hoan-thanh/", views.milestone_done, name="milestone_done"),
    path("bao-cao/<int:pk>/xem-xet/", views.review, name="review"),
    path("cho-xem-xet/", views.review_queue, name="review_queue"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/ban-hanh-ke-hoach/", views.plan_issue, name="assignment_plan_issue"),
    path("<int:pk>/so-lieu/", views.reported_count, name="assignment_count"),
    path("phoi-hop/<int:pk>/", views.coordinated_task, name="coordinated_task"),
    path("phoi-hop/<int:pk>/dong-gop/", views.contribution_create, name="task_contribution"),
    path("dong-gop/<int:pk>/tep/", views.contribution_download, name="contribution_download"),
    path("tep/<int:pk>/xem/", views.attachment_download, {"preview": True}, name="attachment_preview"),
]
