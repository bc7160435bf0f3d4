"""The notice pages: the list, opening one, marking read, and the e-mail preference. Each loads through visible_to."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.notices.forms import PreferenceForm
from portal.notices.models import Notice, preference_of
from portal.notices.services import notices_mark_read, preference_set


@login_required
def notice_list(request):
    notices = Notice.objects.visible_to(request.user)
    page = Paginator(notices, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/notice_list.html", {"page": page, "notices": page.object_list})


@login_required
def notice_open(request, pk):
    """Follow a notice's link; opening it is reading it."""
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    notices_mark_read(by=request.user, pk=notice.pk)
    return redirect(notice.link or "notices:list")


@login_required
@require_POST
def notice_read(request, pk):
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    notices_mark_read(by=request.user, pk=notice.pk)
    return redirect("notices:list")


@login_required
@require_POST
def notice_read_all(request):
    count = notices_mark_read(by=request.user)
    if count:
        messages.success(request, _("All notices marked as read."))
    return redirect("notices:list")


@login_required
def preferences(request):
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial={"email": preference_of(request.user).email})
    if request.method == "POST" and form.is_valid():
        preference_set(by=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Your notice settings are saved."))
        return redirect("notices:list")
    return render(request, "notices/preferences.html", {"form": form})
