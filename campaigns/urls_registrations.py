"""Routes of campaigns/views/registrations.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

from django.urls import path

from campaigns.views import registrations as views

urlpatterns = [
    path("<id:pk>/registrations/", views.registration_list, name="registrations"),
    path("<id:pk>/registrations/new/", views.registration_create, name="registration-create"),
    path("<id:pk>/registrations/export/", views.registration_export, name="registrations-export"),
    path("<id:pk>/progress/new/", views.progress_create, name="progress-create"),
    path("<id:pk>/reviews/new/", views.review_create, name="review-create"),
    path("registrations/<id:pk>/", views.registration_detail, name="registration"),
    path("registrations/<id:pk>/edit/", views.registration_edit, name="registration-edit"),
    path("progress/<id:pk>/", views.progress_detail, name="progress"),
    path("reviews/<id:pk>/", views.review_detail, name="review"),
]
