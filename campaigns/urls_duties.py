"""Routes of campaigns/views/duties.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

from django.urls import path

from campaigns.views import duties

urlpatterns = [
    path("todo/", duties.todo, name="todo"),
    path("duties/<id:pk>/", duties.duty, name="duty"),
    path("import/launches/", duties.import_upload, name="import-launches"),
    path("import/launches/template.xlsx", duties.import_template, name="import-launches-template"),
    path("import/jobs/<uuid:pk>/discard/", duties.import_discard, name="import-launches-discard"),
]
