from django.urls import path

from portal.attachments import views

app_name = "attachments"

urlpatterns = [
    path("files/add/<str:owner_type>/<int:object_id>/", views.attachment_upload, name="upload"),
    path("files/<int:pk>/", views.attachment_download, name="download"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="delete"),
]
