"""Each decision keeps where it reaches (awards.decision_areas, decision 36): the issuing unit's path, and the
area of its awardees (the lowest unit above every union its awards belong to), filled before the indexes
the list's scoping reads are built. Both paths compare byte by byte ("C"), as the tree's other copies do."""

from django.db import migrations, models
from django.db.models import Max, Min

from units.migrations._postgres import postgres_sql

STEP = 4  # the tree's materialised path: four characters a level (units.Unit, treebeard's default)
BATCH = 2_000

C_COLLATION = [
    'ALTER TABLE awards_decision ALTER COLUMN issuing_path TYPE varchar(255) COLLATE "C"',
    'ALTER TABLE awards_decision ALTER COLUMN awardees_area TYPE varchar(255) COLLATE "C"',
]


def copy_areas(apps, schema_editor):
    # As awards.decision_areas.refresh (historical models here): every decision once, by batches of ids.
    Award = apps.get_model("awards", "Award")
    Decision = apps.get_model("awards", "Decision")
    last = 0
    while True:
        batch = list(Decision.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not batch:
            return
        last = batch[-1]
        areas = dict.fromkeys(batch, "")
        rows = (Award.objects.filter(decision_id__in=batch).order_by().values("decision_id")
                .annotate(low=Min("unit__path"), high=Max("unit__path")))
        for row in rows:
            low, high = row["low"], row["high"]
            shared = next((i for i, (a, b) in enumerate(zip(low, high)) if a != b), min(len(low), len(high)))
            areas[row["decision_id"]] = low[: shared - shared % STEP]
        schema_editor.execute(
            "UPDATE awards_decision SET awardees_area = v.column2, "
            "issuing_path = (SELECT u.path FROM units_unit u WHERE u.id = awards_decision.issuing_unit_id) "
            "FROM (VALUES " + ", ".join(["(%s, %s)"] * len(areas)) + ") AS v WHERE awards_decision.id = v.column1",
            [value for row in areas.items() for value in row],
        )


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0007_awardee_path_in_tree_order'),
        ('units', '0019_placement_children_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='awardees_area',
            field=models.CharField(default='', editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name='decision',
            name='issuing_path',
            field=models.CharField(default='', editable=False, max_length=255),
        ),
        # Before the fill: PostgreSQL refuses an ALTER TABLE with the fill's foreign-key checks pending.
        postgres_sql(C_COLLATION, []),
        migrations.RunPython(copy_areas, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='decision',
            index=models.Index(fields=['issuing_path'], name='decision_issuing_path'),
        ),
        migrations.AddIndex(
            model_name='decision',
            index=models.Index(fields=['awardees_area'], name='decision_awardees_area'),
        ),
    ]
