from django.urls import path

from portal.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("<int:pk>/read/", views.notice_read, name="read"),
    path("read-all/", views.notice_read_all, name="read-all"),
    path("settings/", views.preferences, name="preferences"),
]
