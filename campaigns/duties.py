"""Who owes a plan and a launch for a campaign: one rule, kept in Duty rows.

A unit owes a campaign when, in the current tree, it lies below the launching unit, its type is one
the campaign applies to, its sector too (when the campaign names sectors), it had women members in
the campaign's year (when the campaign asks for that), and it existed during the campaign's period
(started on or before the last day, ended after the first day). Then:

- a unit merged away passes its duty to its successor (followed down a chain of merges): its own row
  becomes "passed" and the successor owes the campaign even if it would not by its own type;
- a unit that ended without a successor keeps a duty it had done (it counts as done); one it had not
  done is closed, neither late nor counted;
- a unit that no longer applies (moved out, type changed) loses a duty with nothing recorded; one with
  something recorded is closed and kept.

`refresh_duties` makes the rows say exactly that; it runs when a campaign is launched and, in the task
worker, after every change of the tree (units.signals.tree_changed). See
docs/decisions/0021-campaign-duties.md.
"""

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django_tasks import task

from campaigns.models import Campaign, Duty
from units.models import Unit, UnitYearStats

logger = logging.getLogger(__name__)

MAX_MERGE_CHAIN = 20  # a successor merged into another ...: far more than any real tree has


def applicable_units(campaign: Campaign):
    """Units the campaign applies to by its own terms (type, sector, women, period), below the launcher."""
    launcher = campaign.launching_unit
    units = Unit.objects.filter(
        path__startswith=launcher.path,
        depth__gt=launcher.depth,
        unit_type__in=campaign.unit_types.all(),
    ).filter(
        Q(active_from__isnull=True) | Q(active_from__lte=campaign.ends_on),
        Q(active_until__isnull=True) | Q(active_until__gt=campaign.starts_on),
    )
    if campaign.sectors:
        units = units.filter(sector__in=campaign.sectors)
    if campaign.women_units_only:
        units = units.filter(
            Exists(UnitYearStats.objects.filter(unit=OuterRef("pk"), year=campaign.year, women__gt=0))
        )
    return units


def _final_successors(ended: dict[int, int]) -> dict[int, int]:
    """For each merged unit id → the id of the unit its duty ends with (the last of a chain of merges)."""
    known = dict(ended)
    missing = set(known.values()) - set(known)
    for _ in range(MAX_MERGE_CHAIN):
        if not missing:
            break
        further = dict(
            Unit.objects.filter(pk__in=missing, successor__isnull=False).values_list("pk", "successor_id")
        )
        known.update(further)
        missing = set(further.values()) - set(known)
    result = {}
    for unit_id, successor_id in ended.items():
        seen = {unit_id}
        while successor_id in known and successor_id not in seen:
            seen.add(successor_id)
            successor_id = known[successor_id]
        result[unit_id] = successor_id
    return result


@transaction.atomic
def refresh_duties(campaign: Campaign) -> dict[str, int]:
    """Make the campaign's Duty rows follow the rule; returns how many rows were added, changed, removed.
    Idempotent: a second call changes nothing. Draft campaigns owe nothing yet."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state == Campaign.State.DRAFT:
        return {"added": 0, "changed": 0, "removed": 0}
    rows = list(applicable_units(campaign).values_list("pk", "path", "active_until", "successor_id"))
    merged = {pk: successor for pk, _path, until, successor in rows if until is not None and successor is not None}
    final = _final_successors(merged)
    successor_ids = set(final.values())
    paths = {pk: path for pk, path, _until, _succ in rows}
    ended_on = {pk: until for pk, _path, until, _succ in rows}
    for pk, path, until in Unit.objects.filter(pk__in=successor_ids - set(paths)).values_list("pk", "path", "active_until"):
        paths[pk], ended_on[pk] = path, until
    wanted = set(paths)  # every applicable unit, and every successor that takes a duty over

    applicable_ids = {r[0] for r in rows}
    existing = {duty.unit_id: duty for duty in Duty.objects.filter(campaign=campaign)}
    added, changed, removed = [], [], []
    for unit_id in sorted(wanted - set(existing)):
        origin = Duty.Origin.APPLIES if unit_id in applicable_ids else Duty.Origin.SUCCESSOR
        added.append(Duty(campaign=campaign, unit_id=unit_id, unit_path=paths[unit_id], origin=origin))
    if added:
        Duty.objects.bulk_create(added)
        existing.update({duty.unit_id: duty for duty in Duty.objects.filter(campaign=campaign, unit_id__in=[d.unit_id for d in added])})

    for unit_id, duty in existing.items():
        before = (duty.state, duty.unit_path, duty.passed_to_id, duty.origin)
        if unit_id not in wanted:
            if not (duty.plan_date or duty.launched_on or duty.plan_number):
                removed.append(duty.pk)
                continue
            duty.state, duty.passed_to_id = Duty.State.ENDED, None
        else:
            duty.unit_path = paths[unit_id]
            if unit_id not in applicable_ids:
                duty.origin = Duty.Origin.SUCCESSOR
            if unit_id in final:
                duty.state = Duty.State.PASSED
                duty.passed_to_id = existing[final[unit_id]].pk if final[unit_id] in existing else None
            elif ended_on.get(unit_id) is not None and not duty.is_done:
                duty.state, duty.passed_to_id = Duty.State.ENDED, None
            else:
                duty.state, duty.passed_to_id = Duty.State.OWED, None
        if (duty.state, duty.unit_path, duty.passed_to_id, duty.origin) != before:
            changed.append(duty)
    if changed:
        Duty.objects.bulk_update(changed, ["state", "unit_path", "passed_to", "origin"], batch_size=1000)
    if removed:
        Duty.objects.filter(pk__in=removed).delete()
    return {"added": len(added), "changed": len(changed), "removed": len(removed)}


def campaigns_touching(unit_ids: list[int]):
    """Launched campaigns a change to these units may affect: launched at or above one of them, or
    holding a duty of one of them or of a unit below them."""
    paths = list(Unit.objects.filter(pk__in=unit_ids).values_list("path", flat=True))
    if not paths:
        return Campaign.objects.none()
    step = Unit.steplen
    above = {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
    below = Q()
    for path in paths:
        below |= Q(unit__path__startswith=path)
    holding = Duty.objects.filter(below).values("campaign_id")
    return Campaign.objects.filter(state=Campaign.State.LAUNCHED).filter(
        Q(launching_unit__path__in=above) | Q(pk__in=holding)
    )


@task()
def refresh_after_tree_change(unit_ids: list[int]) -> int:
    """Run by the worker after a change of the tree has committed."""
    count = 0
    for campaign in campaigns_touching(unit_ids):
        refresh_duties(campaign)
        count += 1
    return count


def on_tree_changed(sender, unit_ids, **kwargs):
    refresh_after_tree_change.enqueue(list(unit_ids))
