from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.menu import blocks_for


@login_required
def home(request):
    """The home page: each app's "what waits for me" block, for this user (portal/menu.py)."""
    return render(request, "portal/home.html", {"blocks": blocks_for(request)})


@login_required
def base_page(request):
    """The logged-in ceiling of the HTTP benchmark (manage.py bench_http): the base template for a signed-in
    user and nothing else. What it reads (the session, the user, their roles for the menu, the bell's unread
    count) is what every page pays before its own work."""
    return render(request, "portal/base_page.html")
