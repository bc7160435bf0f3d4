"""A capped count counts rows, not what the page shows of them: the unit page's count of its child unions
does not work out each child's member count (decision 0026)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, UnitFactory


def test_the_unit_page_counts_its_children_without_their_member_counts(client, tree, cast):
    for number in range(3):
        UnitFactory(code=f"CDCS-A{number + 5}", name=f"Công đoàn Trường số {number}", parent=tree.district_a)
    PersonFactory(unit=tree.school_a)
    client.force_login(cast.officer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(tree.district_a.get_absolute_url())
    assert response.context["children"].paginator.count == 5
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*) FROM (SELECT")]
    children_count = [sql for sql in counts if '"units_unit"."parent_id"' in sql]
    assert len(children_count) == 1 and "units_person" not in children_count[0], children_count
    # The page still shows each child's members.
    row = next(child for child in response.context["children"] if child.pk == tree.school_a.pk)
    assert row.people_count == 1
