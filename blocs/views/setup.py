"""Placeholder views: replaced by the pages of this area."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


def _todo(*names):
    @login_required
    def view(request, *args, **kwargs):
        raise Http404
    return view

bloc_list = bloc_create = bloc_detail = bloc_edit = members = member_remove = bands = sheet = sheet_copy = scoring_open = setup_reopen = _todo()
