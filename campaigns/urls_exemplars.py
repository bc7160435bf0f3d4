"""Routes of campaigns/views/exemplars.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

urlpatterns: list = []
