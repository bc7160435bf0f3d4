"""The public pages (no login): exemplars and good practices the units above published."""

from django.urls import path

from campaigns.feeds import LatestExemplarsFeed
from campaigns.views import public as views

app_name = "public"

urlpatterns = [
    path("", views.exemplar_list, name="exemplars"),
    path("feed/", LatestExemplarsFeed(), name="feed"),
    path("<slug:token>/", views.exemplar_detail, name="exemplar"),
    path("<slug:token>/photo/", views.exemplar_photo, name="exemplar-photo"),
]
