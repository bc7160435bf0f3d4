"""The member search of an upper-level union's area (a district) in name order (decision 0026).
PostgreSQL only; SQLite keeps the plain search.

The names of each area headed by the first three steps of the tree path (root, province, district:
12 characters, units.person_search.AREA_PREFIX), in name order, with the words and what the lists
filter on: a district officer's search stops once the page is full instead of sorting every match of
the district or walking the whole country's names. Plain CREATE INDEX (a migration runs in a
transaction): writes to units_person wait while it builds (about 30 s on the national database).
"""

from django.db import migrations

from units.migrations._postgres import postgres_sql

FORWARD = [
    "CREATE INDEX IF NOT EXISTS person_area_name_order ON units_person "
    "((substr(unit_path::text, 1, 12)), full_name, id) INCLUDE (unit_path, left_on, search_text)",
    # The planner's count of people per area (the search's cost model reads it).
    "ANALYZE units_person",
]
BACKWARD = ["DROP INDEX IF EXISTS person_area_name_order"]


class Migration(migrations.Migration):
    dependencies = [("units", "0017_person_search_any_word")]
    operations = [postgres_sql(FORWARD, BACKWARD)]
