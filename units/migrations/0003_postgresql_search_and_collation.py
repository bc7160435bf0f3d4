"""PostgreSQL only: trigram indexes for substring search, and Vietnamese sorting of names.

SQLite (the laptop default) keeps plain columns: the same queries run there, just unindexed.
See docs/decisions/0003-search-column.md.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from units.migrations._postgres import postgres_sql

FORWARD = [
    "CREATE INDEX IF NOT EXISTS person_search_trgm ON units_person USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS unit_search_trgm ON units_unit USING gin (search_text gin_trgm_ops)",
    # "Dương" before "Đặng", Á/Ă/Â after A: the ICU Vietnamese collation, also in the name indexes.
    'ALTER TABLE units_person ALTER COLUMN full_name TYPE varchar(150) COLLATE "vi-x-icu"',
    'ALTER TABLE units_unit ALTER COLUMN name TYPE varchar(255) COLLATE "vi-x-icu"',
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_search_trgm",
    "DROP INDEX IF EXISTS unit_search_trgm",
    'ALTER TABLE units_person ALTER COLUMN full_name TYPE varchar(150) COLLATE "default"',
    'ALTER TABLE units_unit ALTER COLUMN name TYPE varchar(255) COLLATE "default"',
]


class Migration(migrations.Migration):
    dependencies = [("units", "0002_default_catalogues")]
    operations = [TrigramExtension(), postgres_sql(FORWARD, BACKWARD)]
