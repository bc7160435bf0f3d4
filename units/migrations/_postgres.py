"""SQL that only PostgreSQL runs (indexes and collations SQLite has no use for)."""

from django.db import migrations


def postgres_sql(forward: list[str], backward: list[str]) -> migrations.RunPython:
    def runner(statements):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return run

    return migrations.RunPython(runner(forward), runner(backward))
