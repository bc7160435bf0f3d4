from django.urls import path

from portal.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/<uuid:pk>/", views.detail, name="detail"),
    path("jobs/<uuid:pk>/retry/", views.retry, name="retry"),
    path("jobs/<uuid:pk>/result/", views.result, name="result"),
]
