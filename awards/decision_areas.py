"""Where each decision reaches, kept on the decision so that its list scopes by index ranges (decision 36):

- `Decision.issuing_path`: the issuing unit's path. Whoever reaches it sees the decision, drafts included.
- `Decision.awardees_area`: the path of the lowest unit above every union its awards belong to
  (`Award.unit`), or "" while it has none. Whoever reaches that unit sees the issued decision, since all
  its awardees are then in reach; whoever is below it (a district under its province's decision) sees it
  when one of its awards is in their reach: the exact test, asked of those few decisions only
  (`units.access.area_reach_q`).

The issuing path is written with the decision; the area when the decision is issued or imported (only an
issued decision is seen through its awardees, and an issued one never changes its awards). Both follow the
tree in the transaction that moves a subtree (`units.signals.subtree_moved`), like the awardees' paths
(awards.awardee_paths). A stale copy would show a decision by where its unions used to be:
`manage.py check_tree` reports any.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Max, Min

from awards.models import Award, Decision, DecisionState
from units.models import Unit

BATCH = 2_000


def common_area(low: str, high: str) -> str:
    """The path of the lowest unit above both paths (the lowest and the highest of a set of paths in order:
    whatever lies between them shares what they share), cut at a whole level of the materialised path."""
    shared = 0
    for a, b in zip(low, high):
        if a != b:
            break
        shared += 1
    return low[: shared - shared % Unit.steplen]


def areas_of(decision_ids: list[int]) -> dict[int, str]:
    """The awardees' area of each decision, from its awards' unions: one grouped query."""
    rows = (Award.objects.filter(decision_id__in=decision_ids).order_by().values("decision_id")
            .annotate(low=Min("unit__path"), high=Max("unit__path")))
    areas = {row["decision_id"]: common_area(row["low"], row["high"]) for row in rows}
    return {pk: areas.get(pk, "") for pk in decision_ids}


def refresh(decision_ids: Iterable[int]) -> None:
    """Write both copies of these decisions again, from the tree and their awards (a draft's area too: it
    is the same function of its awards, and nobody reads it before the decision is issued)."""
    decision_ids = sorted(set(decision_ids))
    for start in range(0, len(decision_ids), BATCH):
        rows = list(areas_of(decision_ids[start : start + BATCH]).items())
        # One UPDATE a row, both columns at once: a row updated twice in a transaction has its deferred
        # foreign keys checked again (PostgreSQL then refuses DDL, as in migration 0008, until commit). The
        # VALUES list's columns are column1, column2 in both databases; bulk_update's CASE of as many
        # branches as rows cost 0.8 s a batch of 2,000 at national scale.
        values = ", ".join(["(%s, %s)"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE awards_decision SET awardees_area = v.column2, "
                f"issuing_path = (SELECT u.path FROM units_unit u WHERE u.id = awards_decision.issuing_unit_id) "
                f"FROM (VALUES {values}) AS v WHERE awards_decision.id = v.column1",
                [value for row in rows for value in row],
            )


def on_subtree_moved(sender, old_path, new_path, **kwargs) -> None:
    # The decisions issued in the moved subtree, and those with an award of a union in it: from the tree's
    # and the awards' own indexes (by unit), since the copies themselves may be what is stale.
    units = Unit.objects.filter(path__startswith=new_path).values("pk")
    issued_here = Decision.objects.filter(issuing_unit_id__in=units).values_list("pk", flat=True)
    awarding_here = Award.objects.filter(unit_id__in=units).order_by().values_list("decision_id", flat=True).distinct()
    refresh([*issued_here, *awarding_here])


def copy_problems(sender=None, limit: int = 20, **kwargs) -> list[str]:
    """The decisions whose copies disagree with the tree or their awards (for check_tree), in batches."""
    problems = []
    last = 0
    while len(problems) < limit:
        rows = list(Decision.objects.filter(pk__gt=last).order_by("pk")
                    .values_list("pk", "issuing_path", "awardees_area", "issuing_unit__path", "state")[:BATCH])
        if not rows:
            break
        last = rows[-1][0]
        areas = areas_of([pk for pk, *_ in rows])
        for pk, issuing_path, area, unit_path, state in rows:
            # A draft's area is written when it is issued.
            if issuing_path != unit_path or (state != DecisionState.DRAFT and area != areas[pk]):
                problems.append(f"Quyết định khen thưởng #{pk}: nơi ban hành hoặc phạm vi người được khen không khớp cây đơn vị.")
    return problems[:limit]
