"""The import pages: upload → preview → confirm, refusals, reach, and the template downloads."""

import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.units.test_import import GOOD_UNITS, person_row, xlsx
from units import importing
from units.models import Person, Unit, UnitYearStats


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.province_staff)
    return client


def test_units_upload_preview_confirm(staff_client, tree, tmp_path):
    path = xlsx(tmp_path / "units.xlsx", importing.UNIT_COLUMNS, GOOD_UNITS)
    assert staff_client.get(reverse("imports:units")).status_code == 200

    response = staff_client.post(reverse("imports:units"), {"file": upload(path), "year": 2024})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 1)
    assert b'id="confirm-import"' in response.content
    assert not Unit.objects.filter(code="H-MC").exists()
    token = response.context["token"]
    pending = staff_client.session["import-units"]["file"]
    assert default_storage.exists(pending)

    response = staff_client.post(reverse("imports:units-confirm"), {"token": token})

    assert response.status_code == 302
    assert Unit.objects.get(code="CDCS-MC1").parent == Unit.objects.get(code="H-MC")
    assert UnitYearStats.objects.filter(unit__code="H-MC", year=2024).exists()
    assert not default_storage.exists(pending)
    # The same token cannot apply the file twice.
    response = staff_client.post(reverse("imports:units-confirm"), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("imports:units")


def test_members_upload_preview_confirm(staff_client, tree, tmp_path):
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row(), person_row("Lò Thị Hoa", "011190000002", sex="Nữ")])
    response = staff_client.post(reverse("imports:people"), {"file": upload(path)})
    assert response.context["report"].created == 2

    response = staff_client.post(reverse("imports:people-confirm"), {"token": response.context["token"]})

    assert response.status_code == 302 and response.url == reverse("units:person-list")
    assert Person.objects.filter(unit=tree.school_a).count() == 2


def test_bad_file_shows_every_error_and_no_confirm(staff_client, tree, tmp_path):
    rows = [
        ["CDCS-X1", "Công đoàn X1", "cdcs", "KHONG-CO", "", "", "", "", ""],
        ["CDCS-X2", "", "cdcs", "DB", "", "32/01/2020", "", "", ""],
    ]
    path = xlsx(tmp_path / "bad.xlsx", importing.UNIT_COLUMNS, rows)
    count = Unit.objects.count()

    response = staff_client.post(reverse("imports:units"), {"file": upload(path), "year": 2024})

    assert response.status_code == 200
    assert {(e.row, e.column) for e in response.context["errors"]} == {(2, "Mã đơn vị cấp trên"), (3, "Tên đơn vị"), (3, "Ngày thành lập")}
    assert b'id="import-errors"' in response.content and b'id="confirm-import"' not in response.content
    assert "import-units" not in staff_client.session
    assert Unit.objects.count() == count


@pytest.mark.parametrize(
    "name, content",
    [("members.csv", "Họ và tên,Giới tính\n".encode()), ("members.xlsx", b"PK\x03\x04 not really a zip"), ("members.xlsx", b"%PDF-1.4")],
)
def test_non_xlsx_upload_is_refused(staff_client, tree, name, content):
    response = staff_client.post(reverse("imports:people"), {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert response.templates[0].name == "units/import_form.html"
    assert response.context["form"].errors["file"]
    assert Person.objects.count() == 0


def test_too_large_upload_is_refused(staff_client, tree, tmp_path, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])
    response = staff_client.post(reverse("imports:people"), {"file": upload(path)})
    assert response.context["form"].errors["file"]


def test_chair_cannot_import_members_into_another_union(client, cast, tree, tmp_path):
    client.force_login(cast.chair)
    rows = [person_row("Lò Văn Một", "011085000001"), person_row("Lò Văn Hai", "011085000002", unit="CDCS-B1")]
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, rows)

    response = client.post(reverse("imports:people"), {"file": upload(path)})

    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "Mã đơn vị")]
    assert b'id="confirm-import"' not in response.content
    assert Person.objects.count() == 0
    # An unreachable code reads exactly like an unknown one.
    unknown = importing.import_people(
        xlsx(tmp_path / "u.xlsx", importing.PEOPLE_COLUMNS, [person_row(unit="KHONG-CO")]), user=cast.chair, commit=False
    )
    assert unknown.errors[0].message.replace("KHONG-CO", "?") == response.context["errors"][0].message.replace("CDCS-B1", "?")


def test_chair_may_not_import_units(client, cast):
    client.force_login(cast.chair)
    assert client.get(reverse("imports:units")).status_code == 403
    assert client.get(reverse("imports:people")).status_code == 200
    client.force_login(cast.leadership)
    assert client.get(reverse("imports:people")).status_code == 403


@pytest.mark.parametrize("name", ["units", "people", "units-template", "people-template"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(f"imports:{name}"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse(f"imports:{name.split('-')[0]}-confirm"), {"token": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name, columns", [("units-template", importing.UNIT_COLUMNS), ("people-template", importing.PEOPLE_COLUMNS)])
def test_template_downloads_are_valid_workbooks(staff_client, name, columns):
    response = staff_client.get(reverse(f"imports:{name}"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == columns
    assert workbook.worksheets[0]["A1"].font.bold
    assert workbook.sheetnames[1] == "Hướng dẫn"
    guide = [row[0] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert ("Công đoàn cơ sở" in guide) if name == "units-template" else ("Thái" in guide)
    # The example row passes the header check and every cell check but the made-up unit codes.
    importer = importing.import_units if name == "units-template" else importing.import_people
    report = importer(io.BytesIO(response.content), commit=False)
    assert report.rows == 1 and {e.column for e in report.errors} <= {"Mã đơn vị cấp trên", "Mã đơn vị"}
