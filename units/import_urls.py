from django.urls import path

from units import import_views

app_name = "imports"

urlpatterns = [
    path("import/units/", import_views.units, name="units"),
    path("import/units/confirm/", import_views.confirm, {"name": "units"}, name="units-confirm"),
    path("import/units/template.xlsx", import_views.template, {"name": "units"}, name="units-template"),
    path("import/members/", import_views.people, name="people"),
    path("import/members/confirm/", import_views.confirm, {"name": "people"}, name="people-confirm"),
    path("import/members/template.xlsx", import_views.template, {"name": "people"}, name="people-template"),
]
