from django.urls import path

from units import import_views

app_name = "imports"

urlpatterns = [
    path("import/units/", import_views.units, name="units"),
    path("import/units/template.xlsx", import_views.template, {"name": "units"}, name="units-template"),
    path("import/members/", import_views.people, name="people"),
    path("import/jobs/<uuid:pk>/confirm/", import_views.confirm, name="confirm"),
    path("import/jobs/<uuid:pk>/recheck/", import_views.recheck, name="recheck"),
    path("import/jobs/<uuid:pk>/discard/", import_views.discard, name="discard"),
    path("import/members/template.xlsx", import_views.template, {"name": "people"}, name="people-template"),
]
