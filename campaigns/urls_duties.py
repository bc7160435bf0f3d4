"""Routes of campaigns/views/duties.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

urlpatterns: list = []
