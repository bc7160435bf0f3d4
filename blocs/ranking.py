"""The bloc's ranking: each member's totals, rank and rating, as small result objects that the
ranking page, its Excel and PDF exports and the reports read (none of them recomputes).

A line counts its official score once given, the self-score until then; a penalty line takes its
points off. Equal totals share a rank and the next rank skips (1, 2, 2, 4). Three queries whatever
the number of members and criteria: the members, the bands, and one grouped sum over the scores.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from blocs.models import Criterion

ZERO = Decimal("0")


@dataclass(frozen=True)
class Standing:
    member_id: int
    unit_id: int
    unit_name: str
    unit_code: str
    self_total: Decimal
    total: Decimal
    rank: int
    rating: str
    scored_lines: int  # lines with any score
    official_lines: int  # lines with an official score
    is_leader: bool = False
    is_deputy: bool = False

    @property
    def official_complete(self) -> bool:
        return self.official_lines > 0 and self.official_lines == self.scored_lines


def rating_for(total: Decimal, bands) -> str:
    """The first band (highest threshold first) whose threshold the total reaches; "" below them all."""
    for band in sorted(bands, key=lambda band: band.min_total, reverse=True):
        if total >= band.min_total:
            return band.label
    return ""


def ranks(totals: list[Decimal]) -> list[int]:
    """Competition ranks of totals already sorted high to low: equal totals share a rank (1, 2, 2, 4)."""
    result = []
    for position, total in enumerate(totals, start=1):
        result.append(result[-1] if result and totals[position - 2] == total else position)
    return result


def _signed(points):
    field = DecimalField(max_digits=9, decimal_places=2)
    return Case(When(criterion__kind=Criterion.Kind.PENALTY, then=-points), default=points, output_field=field)


def standings(bloc) -> list[Standing]:
    from blocs.models import Score

    members = list(bloc.members.select_related("unit").order_by("unit__name", "pk"))
    bands = list(bloc.bands.all())
    effective = Coalesce(F("official_points"), F("self_points"))
    sums = {
        row["member_id"]: row
        for row in Score.objects.filter(member__bloc=bloc)
        .values("member_id")
        .annotate(
            total=Sum(_signed(effective)),
            self_total=Sum(_signed(F("self_points"))),
            scored=Count("pk", filter=Q(self_points__isnull=False) | Q(official_points__isnull=False)),
            official=Count("pk", filter=Q(official_points__isnull=False)),
        )
        .order_by()
    }
    rows = []
    for member in members:
        row = sums.get(member.pk, {})
        rows.append((member, row.get("total") or ZERO, row.get("self_total") or ZERO, row.get("scored", 0), row.get("official", 0)))
    rows.sort(key=lambda row: (-row[1], row[0].unit.name, row[0].pk))
    result = []
    for (member, total, self_total, scored, official), rank in zip(rows, ranks([row[1] for row in rows])):
        result.append(
            Standing(
                member_id=member.pk, unit_id=member.unit_id, unit_name=member.unit.name, unit_code=member.unit.code,
                self_total=self_total, total=total, rank=rank, rating=rating_for(total, bands) if scored else "",
                scored_lines=scored, official_lines=official,
                is_leader=member.pk == bloc.leader_id, is_deputy=member.pk == bloc.deputy_id,
            )
        )
    return result


def scoring_table(bloc):
    """Every member's points on every scored line, for the scoring table and its Excel: returns
    (criteria, standings, {(member_id, criterion_id): Score}). Four queries."""
    from blocs import sheets
    from blocs.models import Score

    criteria = sheets.lines_of(bloc)
    table = {(s.member_id, s.criterion_id): s for s in Score.objects.filter(member__bloc=bloc).order_by()}
    return criteria, standings(bloc), table
