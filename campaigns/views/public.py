"""The public page of exemplars and good practices: no login, only what the unit above published.

What it may show is fixed here, once: the title, the unit's name, the kind, the campaign's name,
the description and the photo. Nothing of the person's registry record (citizen ID, date of birth)
is read: the queries do not even join the person. An item is found by its unguessable
`public_token`, never by its id, and an unpublished one is a 404 like a token that does not exist.
Pages are cheap (three queries at most, whatever the number of items) and cacheable by a proxy.
"""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from campaigns.forms_exemplars import PublicSearchForm
from campaigns.models import Exemplar
from units.paging import page_of

PAGE_SIZE = 20
# A published item may be taken down: caches keep the page and the photo only a short while.
PAGE_MAX_AGE = 300
PHOTO_MAX_AGE = 3600
PUBLIC_FIELDS = (
    "pk", "kind", "title", "description", "recognised_on", "published_at", "public_token",
    "unit__name", "campaign__name", "campaign__year", "photo__kind", "photo__size", "photo__file", "photo_id",
)


def published():
    """The published items with what the public page shows, and nothing else."""
    return Exemplar.objects.published().select_related("unit", "campaign", "photo").only(*[f for f in PUBLIC_FIELDS if f != "pk"])


def _public(response, max_age=PAGE_MAX_AGE):
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def exemplar_list(request):
    form = PublicSearchForm(request.GET)
    items = published()
    searching = False
    if form.is_valid():
        if form.cleaned_data["kind"]:
            items = items.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["q"].strip():
            searching = True
            items = items.search(form.cleaned_data["q"])
    page = page_of(request, items.order_by("-published_at", "-pk"), per_page=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "searching": searching}
    return _public(render(request, "public/exemplar_list.html", context))


def _published_or_404(token: str):
    item = published().filter(public_token=token).first()
    if item is None:
        raise Http404
    return item


def exemplar_detail(request, token):
    item = _published_or_404(token)
    page_url = request.build_absolute_uri(reverse("public:exemplar", args=[item.public_token]))
    photo_url = request.build_absolute_uri(reverse("public:exemplar-photo", args=[item.public_token])) if item.photo_id else ""
    context = {"item": item, "page_url": page_url, "photo_url": photo_url}
    return _public(render(request, "public/exemplar_detail.html", context))


def exemplar_photo(request, token):
    """The photo of a published item, and only that one file of it."""
    item = _published_or_404(token)
    if item.photo is None:
        raise Http404
    kind = item.photo.kind_info
    try:
        stored = item.photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stored, content_type=kind.mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{item.public_token}{kind.extensions[0]}"'
    return _public(response, PHOTO_MAX_AGE)
