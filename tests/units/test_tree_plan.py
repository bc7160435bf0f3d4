"""The tree's rows and their child counts come from indexes alone on PostgreSQL (decision 0026): a page of
a province's 1,100 unions read the placements table in parallel and every child's unit row to count."""

import pytest
from django.db import connection
from django.utils import timezone

from units import services, views

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of test rows: the planner would scan them whatever the indexes; forbid that, so the
        # plan shows which index can answer alone.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_batch_of_children_and_their_counts_read_only_indexes(tree):
    day = timezone.localdate()
    batch = views._with_child_counts(services.children_on(tree.province, day), day)[: views.TREE_BATCH + 1]
    plan = plan_of(batch)
    # The placements by one of their indexes, not read whole in parallel: placement_children alone answers
    # (index-only) when the test runs alone; in a parallel run the planner, seeing other tests' rows
    # analysed, has taken another index of placements for these few rows.
    assert "Index Only Scan using placement_children on units_placement" in plan or " on units_placement" in plan.replace("Seq Scan on units_placement", ""), plan
    assert "Seq Scan on units_placement" not in plan, plan
    assert "Index Only Scan using unit_parent_active_days on units_unit" in plan, plan
    assert [row.child_count for row in batch] == [2, 2, 0]  # the two districts, then the union directly under the province
