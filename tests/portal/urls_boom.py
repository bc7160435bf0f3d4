"""The portal's URLs plus one page that fails, to see the 500 page as a user would."""

from config.urls import urlpatterns as portal_urlpatterns
from django.urls import path


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]
handler400 = "portal.errors.bad_request"
