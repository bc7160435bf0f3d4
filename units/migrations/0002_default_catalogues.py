from django.db import migrations


def load(apps, schema_editor):
    from units.catalogues import load_default_catalogues

    load_default_catalogues(
        apps.get_model("units", "UnitType"), apps.get_model("units", "EmployeeCategory"), apps.get_model("units", "Ethnicity")
    )


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
