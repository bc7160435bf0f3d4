"""Search by words: plain folded words in the search columns, and full-text GIN indexes on PostgreSQL.

The trigram indexes stay out of the way: a word query on 11 million people intersects the posting
lists of its words from the rarest one, where trigrams of common surnames each held millions of rows
(see docs/decisions/0007-member-lists-at-national-scale.md).
"""

from django.db import migrations

from units.migrations._postgres import postgres_sql
from units.text import search_text_of

POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS person_search_trgm",
    "DROP INDEX IF EXISTS unit_search_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_words ON units_person USING gin (to_tsvector('simple'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS unit_search_words ON units_unit USING gin (to_tsvector('simple'::regconfig, search_text))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS person_search_words",
    "DROP INDEX IF EXISTS unit_search_words",
    "CREATE INDEX IF NOT EXISTS person_search_trgm ON units_person USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS unit_search_trgm ON units_unit USING gin (search_text gin_trgm_ops)",
]


def resave_search_text(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    Person = apps.get_model("units", "Person")
    for unit in Unit.objects.only("code", "name", "short_name").iterator(chunk_size=2000):
        Unit.objects.filter(pk=unit.pk).update(search_text=search_text_of(f"{unit.code} {unit.name} {unit.short_name}"))
    changed = []
    for person in Person.objects.only("full_name", "search_text").iterator(chunk_size=2000):
        wanted = search_text_of(person.full_name)
        if wanted != person.search_text:
            person.search_text = wanted
            changed.append(person)
    Person.objects.bulk_update(changed, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("units", "0005_person_unit_path")]
    operations = [
        migrations.RunPython(resave_search_text, migrations.RunPython.noop),
        postgres_sql(POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
