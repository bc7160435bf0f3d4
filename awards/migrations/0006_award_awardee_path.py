"""Each award keeps where its awardee is now (awards.awardee_paths): filled from the registry and the tree,
before the member filter's indexes are built on it."""

from django.db import migrations, models


def copy_awardee_paths(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    Person = apps.get_model("units", "Person")
    Unit = apps.get_model("units", "Unit")
    Award.objects.filter(person__isnull=False).update(
        awardee_path=models.Subquery(Person.objects.filter(pk=models.OuterRef("person_id")).values("unit_path")[:1])
    )
    Award.objects.filter(collective__isnull=False).update(
        awardee_path=models.Subquery(Unit.objects.filter(pk=models.OuterRef("collective_id")).values("path")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0005_member_filter_indexes'),
        ('units', '0019_placement_children_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='award',
            name='award_form_year_person',
        ),
        migrations.RemoveIndex(
            model_name='award',
            name='award_year_person',
        ),
        migrations.AddField(
            model_name='award',
            name='awardee_path',
            field=models.CharField(default='', editable=False, max_length=255),
        ),
        migrations.RunPython(copy_awardee_paths, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='award',
            index=models.Index(condition=models.Q(('cancelled_by__isnull', True), ('person__isnull', False)), fields=['form', 'year', 'awardee_path'], include=('person', 'decision'), name='award_form_year_area', opclasses=['int8_ops', 'int2_ops', 'varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='award',
            index=models.Index(condition=models.Q(('cancelled_by__isnull', True), ('person__isnull', False)), fields=['year', 'awardee_path'], include=('person', 'decision'), name='award_year_area', opclasses=['int2_ops', 'varchar_pattern_ops']),
        ),
    ]
