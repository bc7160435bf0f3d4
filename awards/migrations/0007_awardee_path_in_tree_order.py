"""The awardee's path compares byte by byte, as people's unit_path does (units 0005): with the "C" collation
the member filter's indexes hold the awards of an area in the list's tree order, so the list walks them
in order instead of fetching and sorting every match (decision 34). Only the indexes are rebuilt: a change
of collation alone does not rewrite the table."""

from django.db import migrations, models

from units.migrations._postgres import postgres_sql

C_COLLATION = ['ALTER TABLE awards_award ALTER COLUMN awardee_path TYPE varchar(255) COLLATE "C"']
DEFAULT_COLLATION = ['ALTER TABLE awards_award ALTER COLUMN awardee_path TYPE varchar(255) COLLATE "default"']


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0006_award_awardee_path'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='award',
            name='award_form_year_area',
        ),
        migrations.RemoveIndex(
            model_name='award',
            name='award_year_area',
        ),
        postgres_sql(C_COLLATION, DEFAULT_COLLATION),
        migrations.AddIndex(
            model_name='award',
            index=models.Index(condition=models.Q(('cancelled_by__isnull', True), ('person__isnull', False)), fields=['form', 'year', 'awardee_path'], include=('person', 'decision'), name='award_form_year_area'),
        ),
        migrations.AddIndex(
            model_name='award',
            index=models.Index(condition=models.Q(('cancelled_by__isnull', True), ('person__isnull', False)), fields=['year', 'awardee_path'], include=('person', 'decision'), name='award_year_area'),
        ),
    ]
