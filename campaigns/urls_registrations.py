"""Routes of campaigns/views/registrations.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

urlpatterns: list = []
