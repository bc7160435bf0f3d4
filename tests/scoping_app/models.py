"""Records shaped like those of the coming apps, to test the reach up and across the tree
(units.access.applies_to_q and member_reach_q) before those apps exist."""

from django.db import models

from units import access
from units.models import Unit


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.applies_to_q(user, "owner__path", "targets__path"))


class Campaign(models.Model):
    """Like a campaign or a decision: kept by a unit, for its whole subtree or only for listed target units."""

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    targets = models.ManyToManyField(Unit, blank=True, related_name="+")

    objects = CampaignQuerySet.as_manager()

    def __str__(self):
        return self.name


class BlocQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The unit that organises the bloc sees it down the tree; each member's people see it too.
        return self.filter(access.reach_q(user, "organiser__path") | access.member_reach_q(user, "members__path"))


class Bloc(models.Model):
    """Like an emulation bloc (khối thi đua): member unions from several districts, organised by a unit above."""

    name = models.CharField(max_length=100)
    organiser = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    members = models.ManyToManyField(Unit, related_name="+")

    objects = BlocQuerySet.as_manager()

    def __str__(self):
        return self.name
