from django.db import migrations


def load(apps, schema_editor):
    from units.catalogues import EMPLOYEE_CATEGORIES, ETHNICITIES, UNIT_TYPES

    UnitType = apps.get_model("units", "UnitType")
    EmployeeCategory = apps.get_model("units", "EmployeeCategory")
    Ethnicity = apps.get_model("units", "Ethnicity")
    for code, name, order, province, upper, grassroots, member in UNIT_TYPES:
        UnitType.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                order=order,
                is_province_federation=province,
                is_upper_level=upper,
                is_grassroots=grassroots,
                is_member_union=member,
            ),
        )
    for code, name, order, direct in EMPLOYEE_CATEGORIES:
        EmployeeCategory.objects.get_or_create(code=code, defaults=dict(name=name, order=order, is_direct_worker=direct))
    for order, name in enumerate(ETHNICITIES, start=1):
        Ethnicity.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
