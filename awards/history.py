"""The award history: what the person and unit pages show and what the workflow's rules read
("N consecutive years of Chiến sĩ thi đua cơ sở"). Plain functions returning small frozen objects,
for many people or units at once in one query."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from awards.models import Award, Correction, DecisionState


@dataclass(frozen=True)
class AwardRecord:
    award_id: int
    person_id: int | None
    collective_id: int | None
    unit_id: int
    awardee_name: str
    form_code: str
    form_name: str
    type_code: str
    type_name: str
    counts_towards_chains: bool
    year: int
    decision_id: int
    decision_reference: str
    decided_on: datetime.date
    issuing_unit_name: str
    issuer_name: str  # the employer, for an employer's award
    prize_amount: int
    benefit_value: int | None
    imported: bool
    # Set when a later decision cancelled or amended the award: its number and date, and which it was.
    cancelled_by_id: int | None
    cancelled_by_reference: str
    cancelled_on: datetime.date | None
    cancelled_by_amendment: bool

    @property
    def in_force(self) -> bool:
        return self.cancelled_by_id is None


_FIELDS = (
    "pk", "person_id", "collective_id", "unit_id", "awardee_name", "form__code", "form__name", "award_type__code", "award_type__name",
    "award_type__counts_towards_chains", "year", "decision_id", "decision__number", "decision__symbol",
    "decision__decided_on", "decision__issuing_unit__name", "decision__issuer_name", "prize_amount", "benefit_value",
    "decision__source", "cancelled_by_id", "cancelled_by__number", "cancelled_by__symbol", "cancelled_by__decided_on",
    "cancelled_by__correction",
)


def _reference(number, symbol) -> str:
    if number is None:
        return ""
    return f"{number}/{symbol}" if symbol else str(number)


def _records(queryset, limit: int | None = None) -> list[AwardRecord]:
    rows = queryset.filter(decision__state=DecisionState.ISSUED).order_by("-year", "-decision__decided_on", "pk").values_list(*_FIELDS)
    if limit is not None:
        rows = rows[:limit]
    return [
        AwardRecord(
            award_id=r[0], person_id=r[1], collective_id=r[2], unit_id=r[3], awardee_name=r[4], form_code=r[5], form_name=r[6],
            type_code=r[7], type_name=r[8], counts_towards_chains=r[9], year=r[10], decision_id=r[11],
            decision_reference=_reference(r[12], r[13]), decided_on=r[14], issuing_unit_name=r[15], issuer_name=r[16],
            prize_amount=r[17], benefit_value=r[18], imported=r[19] == "import", cancelled_by_id=r[20],
            cancelled_by_reference=_reference(r[21], r[22]), cancelled_on=r[23], cancelled_by_amendment=r[24] == Correction.AMEND,
        )
        for r in rows
    ]


def history_of_people(person_ids: Iterable[int], *, include_cancelled: bool = True) -> dict[int, list[AwardRecord]]:
    """Each person's issued awards, newest first, for any number of people in one query."""
    ids = list(person_ids)
    result: dict[int, list[AwardRecord]] = {pk: [] for pk in ids}
    if not ids:
        return result
    queryset = Award.objects.filter(person_id__in=ids)
    if not include_cancelled:
        queryset = queryset.filter(cancelled_by__isnull=True)
    for record in _records(queryset):
        result[record.person_id].append(record)
    return result


def history_of_units(unit_ids: Iterable[int], *, include_cancelled: bool = True) -> dict[int, list[AwardRecord]]:
    """Each unit's own (collective) issued awards, newest first, in one query."""
    ids = list(unit_ids)
    result: dict[int, list[AwardRecord]] = {pk: [] for pk in ids}
    if not ids:
        return result
    queryset = Award.objects.filter(collective_id__in=ids)
    if not include_cancelled:
        queryset = queryset.filter(cancelled_by__isnull=True)
    for record in _records(queryset):
        result[record.collective_id].append(record)
    return result


def members_awards_of_unit(unit_id: int, *, limit: int = 50) -> list[AwardRecord]:
    """The latest issued awards given to the people recorded at a unit (its page's second list)."""
    return _records(Award.objects.filter(Q(unit_id=unit_id) & Q(person__isnull=False)), limit=limit)


def consecutive_years(records: Iterable[AwardRecord], form_code: str, *, up_to: int) -> int:
    """How many years in a row, ending with `up_to`, the records hold `form_code` in force, counting
    only award types that count towards chains (domain rule 3: not ad-hoc or thematic awards)."""
    years = {r.year for r in records if r.form_code == form_code and r.in_force and r.counts_towards_chains}
    count, year = 0, up_to
    while year in years:
        count += 1
        year -= 1
    return count


def by_year(records: Iterable[AwardRecord]) -> dict[int, list[AwardRecord]]:
    grouped: dict[int, list[AwardRecord]] = defaultdict(list)
    for record in records:
        grouped[record.year].append(record)
    return dict(grouped)
