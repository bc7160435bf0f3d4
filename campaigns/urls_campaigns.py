"""Routes of campaigns/views/campaigns.py (joined under the "campaigns" namespace by campaigns/urls.py)."""

urlpatterns: list = []
