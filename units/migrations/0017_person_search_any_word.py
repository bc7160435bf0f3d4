"""Member search fast for any word (decision 0019-i1): indexes that let a common word's page be read
in name order instead of sorting every match. PostgreSQL only; SQLite keeps the plain search.

Built with plain CREATE INDEX (a migration runs in a transaction, where CONCURRENTLY is refused):
writes to units_person wait while they build. On the national database (11 million people, a
loaded 2-core machine) they took 35 s, 16 s and 33 s, the whole migration 70 s. ANALYZE then gives
the planner the statistics of the new expressions (how many people have each first word, each later
word), which units.person_search reads to choose its way (9 s with the finer unit_path histogram).
"""

from django.db import migrations

from units.migrations._postgres import postgres_sql

FORWARD = [
    # A block of names per first word (surname), each in name order: "nguyen" walks only its block.
    "CREATE INDEX IF NOT EXISTS person_first_word_order ON units_person "
    """((split_part(search_text::text, ' ', 1) COLLATE "C"), full_name, id) INCLUDE (unit_path, left_on, search_text)""",
    # The words after the first: a surname's few matches as a middle or given name.
    "CREATE INDEX IF NOT EXISTS person_later_words ON units_person USING gin "
    "(to_tsvector('simple'::regconfig, substr(search_text::text, strpos(search_text::text || ' ', ' ') + 1)))",
    # Every name in order with its words and area: a word spread over all names stops early.
    "CREATE INDEX IF NOT EXISTS person_name_search ON units_person (full_name, id) INCLUDE (unit_path, left_on, search_text)",
    # A finer histogram of the tree paths: the search's estimate of how many people an area holds
    # (a district: 74,698 estimated, 70,477 there) instead of 1,004 from the default 100 buckets.
    "ALTER TABLE units_person ALTER COLUMN unit_path SET STATISTICS 1000",
    "ANALYZE units_person",
]
BACKWARD = [
    "ALTER TABLE units_person ALTER COLUMN unit_path SET STATISTICS -1",
    "DROP INDEX IF EXISTS person_first_word_order",
    "DROP INDEX IF EXISTS person_later_words",
    "DROP INDEX IF EXISTS person_name_search",
]


class Migration(migrations.Migration):
    dependencies = [("units", "0016_more_category_aliases")]
    operations = [postgres_sql(FORWARD, BACKWARD)]
