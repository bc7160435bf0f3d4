"""Placeholder views: replaced by the pages of this area."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


def _todo(*names):
    @login_required
    def view(request, *args, **kwargs):
        raise Http404
    return view

scores_export = ranking_pdf = review = review_reopen = _todo()
