"""The Atom feed of the latest published exemplars and good practices (Django's syndication
framework): what the public page shows, nothing more (see campaigns/views/public.py)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from campaigns.views.public import PAGE_MAX_AGE, published

LATEST = 30


class LatestExemplarsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
        return response

    def title(self):
        return _("Exemplars and good practices")

    def subtitle(self):
        return _("Published by the Điện Biên Provincial Labour Federation")

    def link(self):
        return reverse("public:exemplars")

    def feed_url(self):
        return reverse("public:feed")

    def items(self):
        return published().order_by("-published_at", "-pk")[:LATEST]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return Truncator(item.description).chars(600)

    def item_link(self, item):
        return reverse("public:exemplar", args=[item.public_token])

    def item_guid(self, item):
        return self.request.build_absolute_uri(self.item_link(item))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.unit.name

    def item_categories(self, item):
        categories = [item.get_kind_display()]
        if item.campaign_id:
            categories.append(item.campaign.name)
        return categories

    def item_enclosures(self, item):
        if not item.photo_id:
            return []
        url = self.request.build_absolute_uri(reverse("public:exemplar-photo", args=[item.public_token]))
        return [Enclosure(url, str(item.photo.size), item.photo.kind_info.mime)]
