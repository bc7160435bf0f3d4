from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.menu import blocks_for


@login_required
def home(request):
    """The home page: each app's "what waits for me" block, for this user (portal/menu.py)."""
    return render(request, "portal/home.html", {"blocks": blocks_for(request)})
