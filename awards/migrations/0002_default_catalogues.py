"""The award forms and types of the domain table, and the base-salary rows (awards/catalogues.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from awards.catalogues import load_default_catalogues

    load_default_catalogues(
        apps.get_model("awards", "AwardForm"),
        apps.get_model("awards", "AwardType"),
        apps.get_model("awards", "BaseSalary"),
        apps.get_model("units", "UnitType"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("units", "0002_default_catalogues"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
