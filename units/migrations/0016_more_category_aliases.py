"""The ways a union officer also writes "direct worker" (seen in a first trial's file): added where missing."""

from django.db import migrations


def load(apps, schema_editor):
    from units.catalogues import load_default_aliases

    load_default_aliases(apps.get_model("units", "CatalogueAlias"))


class Migration(migrations.Migration):
    dependencies = [("units", "0015_unit_count_choice_and_children_indexes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
