"""The emulation titles units and members register for (domain.md, "Titles and award forms").
Data, not code: province staff edit them in the admin."""

from django.db import migrations

TITLES = [
    # code, name, for a collective
    ("lao-dong-tien-tien", "Lao động tiên tiến", False),
    ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", False),
    ("bang-khen-ldld-tinh-ca-nhan", "Bằng khen của Ban Chấp hành LĐLĐ tỉnh (cá nhân)", False),
    ("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", True),
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", True),
    ("bang-khen-ldld-tinh-tap-the", "Bằng khen của Ban Chấp hành LĐLĐ tỉnh (tập thể)", True),
    ("co-thi-dua-ldld-tinh", "Cờ thi đua của LĐLĐ tỉnh", True),
    ("co-thi-dua-tld", "Cờ thi đua của Tổng Liên đoàn", True),
]


def add(apps, schema_editor):
    Title = apps.get_model("campaigns", "Title")
    for order, (code, name, collective) in enumerate(TITLES, start=1):
        Title.objects.update_or_create(code=code, defaults={"name": name, "for_collective": collective, "order": order})


def remove(apps, schema_editor):
    apps.get_model("campaigns", "Title").objects.filter(code__in=[code for code, *_ in TITLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
