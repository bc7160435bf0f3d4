# Placeholder until the import pages land.
from django.http import Http404
from django.urls import path

app_name = "imports"


def _missing(request):
    raise Http404


urlpatterns = [path("import/units/", _missing, name="units"), path("import/members/", _missing, name="people")]
