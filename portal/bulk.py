"""Writing many new rows at once without a model instance per row.

An import of 100,000 rows spends most of its writing time in Django building instances and compiling
a parameter per field for bulk_create. `insert_rows` streams plain values into the table instead:
PostgreSQL's COPY (in the same transaction); other databases (SQLite in tests) get bulk_create, so both
paths store the same rows. For models whose fields are plain values (text, numbers, dates, booleans,
foreign key ids): no value goes through a field's own conversion.
"""

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

BATCH = 2000


def insert_rows(model, rows: Iterable[dict], progress=None) -> int:
    """Insert one row per dict (keys: field attnames; a missing field takes its default, auto_now and
    auto_now_add fields the current time). The primary key comes from the database and is not read
    back. `progress(count)` is told after each row. Returns the number of rows."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()

    def values(row: dict) -> tuple:
        out = []
        for field in fields:
            if field.attname in row:
                out.append(row[field.attname])
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                out.append(now)
            else:
                out.append(field.get_default())
        return tuple(out)

    count = 0
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
        with connection.cursor() as cursor:
            # Django's cursor wraps psycopg's; its .connection is the psycopg connection, in the same transaction.
            with cursor.connection.cursor() as raw, raw.copy(sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
                    count += 1
                    if progress:
                        progress(count)
        return count
    batch = []
    for row in rows:
        batch.append(model(**dict(zip((f.attname for f in fields), values(row)))))
        count += 1
        if progress:
            progress(count)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch.clear()
    model.objects.bulk_create(batch)
    return count
