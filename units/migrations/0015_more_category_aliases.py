"""The ways a union officer also writes "direct worker" (seen in a first trial's file): added where missing."""

from django.db import migrations


def load(apps, schema_editor):
    from units.catalogues import load_default_aliases

    load_default_aliases(apps.get_model("units", "CatalogueAlias"))


class Migration(migrations.Migration):
    dependencies = [("units", "0014_person_version_change_records")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
