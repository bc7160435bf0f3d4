"""Award history in the national shape, for `seed_scale` (through devtools/topup.py): about 3 million
award records over five years on 11 million members.

Each grassroots union issues one decision a year (20 December) for its members' yearly titles: a few
members are the union's steady achievers (Chiến sĩ thi đua cơ sở most years, so chains of three and
more years exist), others get Lao động tiên tiến now and then, and about a third of the unions are
themselves Tập thể lao động tiên tiến. Past years' decisions are marked as imported, the last one as
made in the portal. People stream from the database in id order (never held in memory); the rows go
in with scale.write_rows (COPY on PostgreSQL), the awards before their decisions (the foreign keys
are checked at commit)."""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Iterator

from django.db import connection

from awards.models import Award, AwardForm, AwardType, Decision, DecisionState, Source
from devtools import scale
from units.models import Person, Unit

YEARS = (2021, 2022, 2023, 2024, 2025)
ACHIEVER_SHARE = 0.025  # members who are their union's steady achievers
ACHIEVER_TITLE = 0.8  # … holding Chiến sĩ thi đua cơ sở in a given year
ADVANCED_SHARE = 0.035  # other members: Lao động tiên tiến in a given year
COLLECTIVE_SHARE = 0.3  # unions that are Tập thể lao động tiên tiến in a given year

scale.FIELDS.update({
    Decision: ["id", "issuing_unit_id", "issuer_name", "number", "symbol", "year", "decided_on", "subject", "signer_name",
               "signer_title", "legal_basis", "state", "source", "corrects_id", "correction", "confirmed_over_budget",
               "created_by_id", "created_at", "updated_at", "issued_at", "issued_by_id", "pdf_job_id", "issuing_path", "awardees_area"],
    Award: ["id", "decision_id", "person_id", "collective_id", "unit_id", "awardee_path", "awardee_name", "unit_name", "form_id",
            "award_type_id", "year", "citation", "prize_amount", "benefit_value", "token", "published", "cancelled_by_id",
            "replaces_id", "order", "created_at"],
})
MODELS = [Award, Decision]


def generated_decisions():
    return Decision.objects.filter(created_at=scale.GENERATED_AT)


def _token(seed: int, award_id: int) -> str:
    return hashlib.blake2b(f"{seed}:{award_id}".encode(), digest_size=18).hexdigest()[:32]


class _Decisions:
    """The decision of each (union, year) that has an award, numbered as it is first needed."""

    def __init__(self, first_id: int):
        self.next_id = first_id
        self.ids: dict[int, int] = {}  # unit id × 8 + year index → decision id
        self.order: dict[int, int] = {}

    def of(self, unit_id: int, year_index: int) -> tuple[int, int]:
        key = unit_id * 8 + year_index
        decision = self.ids.get(key)
        if decision is None:
            decision = self.ids[key] = self.next_id
            self.next_id += 1
        self.order[decision] = self.order.get(decision, 0) + 1
        return decision, self.order[decision]


CHUNK = 100_000  # people read between two COPYs (a connection cannot read while a COPY is open)


def award_chunks(seed: int, first_award: int, decisions: _Decisions, stamp) -> Iterator[list[tuple]]:
    """Lists of award rows: the unions' collective awards, then the members', a chunk of people at a time."""
    forms = dict(AwardForm.objects.values_list("code", "id"))
    types = dict(AwardType.objects.values_list("code", "id"))
    title, advanced, collective = forms["chien-si-thi-dua-co-so"], forms["lao-dong-tien-tien"], forms["tap-the-lao-dong-tien-tien"]
    yearly = types["tong-ket-nam"]
    grassroots = {pk: (name, path) for pk, name, path in Unit.objects.filter(unit_type__is_grassroots=True).values_list("pk", "name", "path")}
    rng = random.Random(f"{seed}:awards")
    award_id = first_award
    rows = []
    for unit_id, (unit_name, unit_path) in sorted(grassroots.items()):
        for y, year in enumerate(YEARS):
            if rng.random() < COLLECTIVE_SHARE:
                decision, order = decisions.of(unit_id, y)
                rows.append((award_id, decision, None, unit_id, unit_id, unit_path, unit_name, "", collective, yearly, year, "", 0, None,
                             _token(seed, award_id), False, None, None, order, stamp))
                award_id += 1
    yield rows
    # In id order (the primary key's), by ranges: no sort of 11 million rows, none held in memory.
    last = 0
    while True:
        people = list(Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "unit_id", "unit_path", "full_name")[:CHUNK])
        if not people:
            return
        last = people[-1][0]
        rows = []
        for person_id, unit_id, person_path, full_name in people:
            unit_name, _path = grassroots.get(unit_id, (None, None))
            if unit_name is None:  # staff of upper-level unions: their awards are not yearly titles of a CĐCS
                continue
            achiever = rng.random() < ACHIEVER_SHARE
            for y, year in enumerate(YEARS):
                form = title if achiever and rng.random() < ACHIEVER_TITLE else advanced if rng.random() < ADVANCED_SHARE else None
                if form is None:
                    continue
                decision, order = decisions.of(unit_id, y)
                rows.append((award_id, decision, person_id, None, unit_id, person_path, full_name, unit_name, form, yearly, year, "", 0, None,
                             _token(seed, award_id), False, None, None, order, stamp))
                award_id += 1
        yield rows


def decision_rows(decisions: _Decisions, stamp, paths: dict[int, str]) -> Iterator[tuple]:
    # A union's decision awards its own members and itself: the union (`paths`, read before the COPY: the
    # connection cannot read while it is open) is both where it is issued and the area of its awardees
    # (awards.decision_areas).
    for key, decision in sorted(decisions.ids.items(), key=lambda item: item[1]):
        unit_id, y = divmod(key, 8)
        year = YEARS[y]
        day = datetime.date(year, 12, 20).isoformat()
        source = Source.PORTAL if year == YEARS[-1] else Source.IMPORT
        yield (decision, unit_id, "", 1, "QĐ-CĐCS", year, day, f"Về việc công nhận danh hiệu thi đua năm {year}", "", "Chủ tịch công đoàn cơ sở",
               "", DecisionState.ISSUED, source, None, "", None, None, stamp, stamp, stamp, None, None, paths[unit_id], paths[unit_id])


def write_awards(*, seed: int, stamp, next_id) -> dict:
    """Write the award history; returns {model: rows}. Indexes of the two tables are dropped for the
    load on PostgreSQL and rebuilt from their own definitions, as seed_scale does for the members."""
    for model in MODELS:
        scale.columns(model)
    deferred = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Run the foreign-key checks pending from the accounts made in this transaction: a table with
            # pending checks cannot be altered (the constraints dropped below point at auth_user).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        deferred = scale.drop_indexes(MODELS)
    decisions = _Decisions(next_id(Decision))
    counts = {Award: sum(scale.write_rows(Award, rows) for rows in award_chunks(seed, next_id(Award), decisions, stamp))}
    paths = dict(Unit.objects.filter(unit_type__is_grassroots=True).values_list("pk", "path"))
    counts[Decision] = scale.write_rows(Decision, decision_rows(decisions, stamp, paths))
    if deferred is not None:
        scale.recreate_indexes(deferred)
    scale.reset_sequences(MODELS)
    return counts
