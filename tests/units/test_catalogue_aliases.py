"""Imports accept catalogue values the way union officers write them: short forms and aliases,
without accents or case; the province keeps the aliases in the admin."""

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.units.test_import import people_file, person_row, units_file
from tests.units.test_import_web import staff_client  # noqa: F401 (a fixture)
from units import importing
from units.accounts import system_account
from units.models import CatalogueAlias, Person, Unit


@pytest.mark.parametrize(
    "unit_type, sector, expected_type, expected_sector",
    [
        ("LĐLĐ huyện", "HCSN", "ldld-huyen", "public_service"),
        ("CĐ ngành Giáo dục", "Đơn vị sự nghiệp", "cd-nganh", "public_service"),
        ("CĐCS", "Doanh nghiệp ngoài nhà nước", "cdcs", "private_enterprise"),
        ("cdcs", "DN tư nhân", "cdcs", "private_enterprise"),
        ("Nghiệp đoàn", "FDI", "nghiep-doan", "foreign_invested"),
        ("CĐ bộ phận", "DN có vốn đầu tư nước ngoài", "cdcs-thanh-vien", "foreign_invested"),
        ("ld ld thi xa", "dnnn", "ldld-huyen", "state_enterprise"),
    ],
)
def test_the_issues_aliases_import(tree, tmp_path, unit_type, sector, expected_type, expected_sector):
    report = importing.import_units(units_file(tmp_path / "u.xlsx", [["N1", "Công đoàn N1", unit_type, "DB", sector, "", "", "", ""]]), user=system_account())

    assert report.ok, report.errors
    unit = Unit.objects.get(code="N1")
    assert (unit.unit_type.code, unit.sector) == (expected_type, expected_sector)


def test_ethnicity_and_category_aliases_import(tree, tmp_path):
    rows = [
        person_row("Giàng A Páo", "011085000001", ethnicity="Mông", category="Công nhân"),
        person_row("Sùng A Lử", "011085000002", ethnicity="Hmông", category="CCVC"),
        person_row("Lò Văn Mú", "011085000003", ethnicity="khomu", category="LĐ cấp sở"),
    ]
    report = importing.import_people(people_file(tmp_path / "p.xlsx", rows), user=system_account())

    assert report.ok, report.errors
    people = {p.full_name: p for p in Person.objects.select_related("ethnicity", "category")}
    assert people["Giàng A Páo"].ethnicity.name == people["Sùng A Lử"].ethnicity.name == "H'Mông"
    assert people["Lò Văn Mú"].ethnicity.name == "Khơ Mú"
    assert people["Giàng A Páo"].category.is_direct_worker and people["Sùng A Lử"].category.is_direct_worker
    assert people["Lò Văn Mú"].category.code == "lanh-dao-so"


def test_the_guide_sheet_lists_the_aliases(staff_client, tree):  # noqa: F811
    for name, expected in [("imports:units-template", ["CĐCS", "LĐLĐ huyện", "FDI", "Doanh nghiệp ngoài nhà nước"]), ("imports:people-template", ["Mông", "Công nhân"])]:
        workbook = openpyxl.load_workbook(io.BytesIO(staff_client.get(reverse(name)).content))
        text = " ".join(str(value) for row in workbook["Hướng dẫn"].iter_rows(values_only=True) for value in row if value)
        for alias in expected:
            assert alias in text


def _admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_an_alias_added_in_the_admin_works_at_the_next_import(client, tree, tmp_path):
    path = units_file(tmp_path / "u.xlsx", [["N1", "Công đoàn N1", "CĐ trường học", "DB", "", "", "", "", ""]])
    assert not importing.import_units(path, commit=False, user=system_account()).ok

    admin = _admin_client(client)
    assert admin.get(reverse("admin:units_cataloguealias_changelist")).status_code == 200
    response = admin.post(reverse("admin:units_cataloguealias_add"), {"meaning": "unit_type:cdcs", "alias": "CĐ trường học"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert CatalogueAlias.objects.filter(catalogue="unit_type", target="cdcs", key="cdtruonghoc").exists()

    report = importing.import_units(path, user=system_account())
    assert report.ok and Unit.objects.get(code="N1").unit_type.code == "cdcs"

    alias = CatalogueAlias.objects.get(key="cdtruonghoc")
    form = admin.get(reverse("admin:units_cataloguealias_change", args=[alias.pk])).context["adminform"].form
    assert form.initial["meaning"] == "unit_type:cdcs"


def test_the_admin_refuses_an_ambiguous_alias(client, tree):
    admin = _admin_client(client)
    url = reverse("admin:units_cataloguealias_add")
    # Already an alias of another unit type, in another spelling.
    response = admin.post(url, {"meaning": "unit_type:nghiep-doan", "alias": "cd co so"})
    assert response.status_code == 200 and "đã là cách viết khác của" in response.content.decode()
    # The name of another unit type.
    response = admin.post(url, {"meaning": "unit_type:nghiep-doan", "alias": "CÔNG ĐOÀN CƠ SỞ"})
    assert response.status_code == 200 and "đã là cách viết của" in response.content.decode()
    # The same alias in another catalogue is fine.
    response = admin.post(url, {"meaning": "sector:other", "alias": "CĐCS"})
    assert response.status_code == 302


def test_the_alias_list_reads_what_each_alias_means_in_a_flat_number_of_queries(client, tree, django_assert_max_num_queries):
    admin = _admin_client(client)
    url = reverse("admin:units_cataloguealias_changelist")
    admin.get(url)
    with django_assert_max_num_queries(12):
        response = admin.get(url)
    assert response.status_code == 200
    page = admin.get(url, {"q": "FDI"}).content.decode()
    assert "FDI" in page and "Doanh nghiệp có vốn đầu tư nước ngoài" in page
