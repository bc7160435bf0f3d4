"""Where a campaign stands: counts of its duties by the level below a unit, and the coverage of a
year across every campaign. Read from Duty rows only, grouped by the prefix of `unit_path` that
names the unit of the level below (the (campaign, unit_path) index; no join with the tree), so the
number of queries does not depend on the number of units."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Substr

from campaigns.models import HAS_LAUNCH, HAS_PLAN, Campaign, Duty
from units.models import Unit



@dataclass
class Counts:
    unit: Unit | None  # None: the duty of the `under` unit itself
    owed: int = 0
    with_plan: int = 0
    with_launch: int = 0
    done: int = 0
    late: int = 0
    key: str = ""

    @property
    def coverage(self) -> int:
        """Per cent of the owing units that have both their plan and their launch."""
        return round(100 * self.done / self.owed) if self.owed else 0

    def add(self, other: "Counts") -> None:
        for name in ("owed", "with_plan", "with_launch", "done", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _grouped(duties, prefix_length: int):
    return (
        duties.order_by()
        .annotate(prefix=Substr("unit_path", 1, prefix_length))
        .values("prefix")
        .annotate(
            owed=Count("pk"),
            with_plan=Count("pk", filter=HAS_PLAN),
            with_launch=Count("pk", filter=HAS_LAUNCH),
            done=Count("pk", filter=HAS_PLAN & HAS_LAUNCH),
        )
    )


def _named(rows: dict[str, Counts]) -> None:
    units = Unit.objects.filter(path__in=list(rows)).select_related("unit_type").only("pk", "path", "code", "name", "active_until", "unit_type__name")
    for unit in units:
        rows[unit.path].unit = unit


def counts_by_level(campaign: Campaign, under: Unit, duties, day: datetime.date, *, limit: int | None = None) -> tuple[Counts, list[Counts], int]:
    """(the total under `under`, one row per unit of the level below it that holds a duty, and a row
    for `under`'s own duty if it owes one). `duties`: the user's visible duties of the campaign.
    Two queries: the grouped counts, and the names of the units of the level below. With `limit`, only
    that many rows of the level below are kept (those with the most late units) and named; the third
    value says how many were left out (the totals count them all)."""
    step = Unit.steplen
    late_possible = campaign.plans_due_on < day
    rows: dict[str, Counts] = {}
    total = Counts(unit=under)
    own = None
    for row in _grouped(duties.filter(unit_path__startswith=under.path).counted(), len(under.path) + step):
        counts = Counts(unit=None, key=row["prefix"], **{k: row[k] for k in ("owed", "with_plan", "with_launch", "done")})
        counts.late = counts.owed - counts.done if late_possible else 0
        total.add(counts)
        if row["prefix"] == under.path:
            own = counts
        else:
            rows[row["prefix"]] = counts
    hidden = 0
    if limit is not None and len(rows) > limit:
        kept = sorted(rows.values(), key=lambda c: (-c.late, c.key))[:limit]
        hidden = len(rows) - limit
        rows = {c.key: c for c in kept}
    _named(rows)
    ordered = sorted(rows.values(), key=lambda c: c.key)
    if own is not None:
        own.unit = under
        ordered.insert(0, own)
    return total, ordered, hidden


def coverage_by_level(duties, *, prefix_length: int, under_path: str = "") -> list[Counts]:
    """Owed and done across every campaign of `duties`, per unit whose path is `prefix_length` long
    (the level below `under_path`): one grouped query, plus one for the units' names."""
    if under_path:
        duties = duties.filter(unit_path__startswith=under_path)
    rows: dict[str, Counts] = {}
    for row in _grouped(duties.counted(), prefix_length):
        if len(row["prefix"]) < prefix_length:  # the duty of the `under` unit itself
            continue
        rows[row["prefix"]] = Counts(unit=None, key=row["prefix"], **{k: row[k] for k in ("owed", "with_plan", "with_launch", "done")})
    _named(rows)
    return sorted(rows.values(), key=lambda c: c.key)


def coverage_by_campaign(duties) -> list[dict]:
    """Per campaign of `duties`: owed and done (one grouped query)."""
    return list(
        duties.counted()
        .order_by()
        .values("campaign_id", "campaign__name", "campaign__code", "campaign__launching_unit__name")
        .annotate(owed=Count("pk"), done=Count("pk", filter=HAS_PLAN & HAS_LAUNCH))
        .order_by("campaign__name", "campaign_id")
    )
