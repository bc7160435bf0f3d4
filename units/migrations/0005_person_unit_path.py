"""People carry their unit's tree path, so scoping and subtree lists need no join (decision 0007)."""

import django.db.models.deletion
from django.db import migrations, models

from units.migrations._postgres import postgres_sql


def copy_unit_paths(apps, schema_editor):
    Person = apps.get_model("units", "Person")
    Unit = apps.get_model("units", "Unit")
    Person.objects.update(unit_path=models.Subquery(Unit.objects.filter(pk=models.OuterRef("unit_id")).values("path")[:1]))


# Tree paths compare byte by byte: with the "C" collation one btree serves both the prefix filter
# (LIKE 'p%') and the tree order, which PostgreSQL's default C.UTF-8 locale does not allow.
C_COLLATION = ['ALTER TABLE units_person ALTER COLUMN unit_path TYPE varchar(255) COLLATE "C"']


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0004_employee_category_short_name'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='person',
            name='person_name_order',
        ),
        migrations.AddField(
            model_name='person',
            name='unit_path',
            field=models.CharField(default='', editable=False, max_length=255),
        ),
        migrations.RunPython(copy_unit_paths, migrations.RunPython.noop),
        postgres_sql(C_COLLATION, []),
        migrations.AlterField(
            model_name='person',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='people', to='units.unit', verbose_name='unit'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['unit_path', 'full_name', 'id'], include=('category', 'sex'), name='person_tree_order'),
        ),
    ]
