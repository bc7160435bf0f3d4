"""Routes of campaigns/views/campaigns.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

from django.urls import path

from campaigns.views import campaigns as views

urlpatterns: list = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("coverage/", views.coverage, name="coverage"),
    path("<id:pk>/", views.campaign_detail, name="detail"),
    path("<id:pk>/edit/", views.campaign_edit, name="edit"),
    path("<id:pk>/launch/", views.campaign_launch, name="launch"),
    path("<id:pk>/close/", views.campaign_close, name="close"),
    path("<id:pk>/reopen/", views.campaign_reopen, name="reopen"),
    path("<id:pk>/status/", views.status, name="status"),
    path("<id:pk>/status.xlsx", views.status_export, name="status-export"),
    path("<id:pk>/remind/", views.remind, name="remind"),
]
