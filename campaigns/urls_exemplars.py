"""Routes of campaigns/views/exemplars.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

from django.urls import path

from campaigns.views import exemplars as views

urlpatterns = [
    path("exemplars/", views.exemplar_list, name="exemplars"),
    path("exemplars/new/", views.exemplar_create, name="exemplar-create"),
    path("exemplars/<id:pk>/", views.exemplar_detail, name="exemplar"),
    path("exemplars/<id:pk>/publish/", views.exemplar_publish, name="exemplar-publish"),
    path("exemplars/<id:pk>/photo/", views.exemplar_photo, name="exemplar-photo"),
    path("exemplars/<id:pk>/replications/new/", views.replication_create, name="replication-create"),
]
