"""Excel import of units and members: checks, all-or-nothing, idempotence, speed, commands."""

import datetime
import io
import time

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from units.accounts import system_account
from tests.factories import PersonFactory
from units import importing
from units.models import Person, Placement, Unit, UnitEvent, UnitYearStats

DIRECT = "Công nhân, lao động trực tiếp; công chức, viên chức không giữ chức vụ lãnh đạo, quản lý"


def xlsx(path, columns, rows):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def units_file(path, rows):
    return xlsx(path, importing.UNIT_COLUMNS, rows)


def people_file(path, rows):
    return xlsx(path, importing.PEOPLE_COLUMNS, rows)


def person_row(name="Lò Văn Hùng", citizen_id="011085000001", unit="CDCS-A1", **changes):
    row = {
        "name": name, "sex": "Nam", "born": "07/03/1985", "ethnicity": "Thái", "citizen_id": citizen_id,
        "unit": unit, "job": "Giáo viên", "category": DIRECT, "post": "", "emulation": "",
    }
    row.update(changes)
    return list(row.values())


GOOD_UNITS = [
    # A child before its parent; both new; the parent under the province already in the portal.
    ["CDCS-MC1", "Công đoàn Trường Mầm non Hoa Ban", "Công đoàn cơ sở", "H-MC", "Sự nghiệp", "01/09/2010", 40, 52, 30],
    ["H-MC", "LĐLĐ huyện Mường Chà", "lien doan lao dong huyen, thi xa, thanh pho", "DB", "hanh chinh", datetime.datetime(2005, 1, 1), 900, 1000, 400],
    ["CDCS-A1", "Công đoàn Trường THPT Phan Đình Giót", "cdcs", "TP-DBP", "", "", None, None, None],
]


def snapshot():
    """Everything an import may touch, to compare before and after."""
    return (
        list(Unit.objects.values_list("code", "name", "unit_type_id", "sector", "active_from", "path", "parent_id", "updated_at")),
        list(Placement.objects.values_list("unit_id", "path", "valid_from", "valid_until").order_by("pk")),
        UnitEvent.objects.count(),
        list(UnitYearStats.objects.values_list("unit_id", "year", "members", "workers", "women").order_by("pk")),
        list(Person.objects.values_list("full_name", "sex", "date_of_birth", "citizen_id", "unit_id", "job_title", "updated_at").order_by("pk")),
    )


def test_good_units_file_imports_parents_first(tree, tmp_path):
    report = importing.import_units(units_file(tmp_path / "u.xlsx", GOOD_UNITS), year=2024, user=system_account())

    assert report.errors == []
    assert (report.applied, report.created, report.updated, report.unchanged) == (True, 2, 0, 1)
    district = Unit.objects.get(code="H-MC")
    school = Unit.objects.get(code="CDCS-MC1")
    assert district.parent == tree.province and district.unit_type.code == "ldld-huyen"
    assert school.parent == district and school.active_from == datetime.date(2010, 9, 1)
    assert school.sector == "public_service" and district.sector == "administrative"
    assert set(Unit.objects.subtree_of(district).values_list("code", flat=True)) == {"H-MC", "CDCS-MC1"}
    assert Unit.objects.subtree_of(tree.province).filter(code="CDCS-MC1").exists()
    assert school.placements.get().path == school.path
    stats = UnitYearStats.objects.get(unit=school, year=2024)
    assert (stats.members, stats.workers, stats.women) == (40, 52, 30)
    assert UnitYearStats.objects.filter(unit=district, year=2024, members=900).exists()


def test_units_import_updates_and_moves(tree, tmp_path):
    rows = [
        ["CDCS-A1", "Công đoàn Trường THPT Phan Đình Giót (mới)", "cdcs", "H-TG", "", "", 10, 20, 5],
    ]
    report = importing.import_units(units_file(tmp_path / "u.xlsx", rows), year=2024, user=system_account())

    assert report.errors == [] and (report.created, report.updated) == (0, 1)
    school = Unit.objects.get(code="CDCS-A1")
    assert school.parent == tree.district_b and school.path.startswith(tree.district_b.path)
    assert school.name.endswith("(mới)") and "moi" in school.search_text
    assert school.events.filter(kind=UnitEvent.Kind.MOVED).count() == 1


def test_bad_units_file_imports_nothing_and_reports_every_bad_row(tree, tmp_path):
    rows = [
        ["CDCS-X1", "Công đoàn X1", "cdcs", "KHONG-CO", "", "", "", "", ""],  # 2: unknown parent
        ["CDCS-X2", "Công đoàn X2", "cdcs", "DB", "", "", "", "", ""],  # 3: good
        ["CDCS-X2", "Công đoàn X2 bis", "cdcs", "DB", "", "", "", "", ""],  # 4: duplicate code
        ["CDCS-X3", "Công đoàn X3", "cdcs", "DB", "", "31/02/2020", "", "", ""],  # 5: impossible date
        ["CDCS-X4", "", "cdcs", "DB", "", "", "", "", ""],  # 6: missing name
        ["CDCS-X5", "Công đoàn X5", "chi bo", "DB", "", "", "", "", ""],  # 7: unknown type
        ["CDCS-X6", "Công đoàn X6", "cdcs", "DB", "", "", 10, 5, 8],  # 8: women > workers
        ["CDCS-X7", "Công đoàn X7", "cdcs", "DB", "", "", -1, "mười", ""],  # 9: negative, not a number
        ["CDCS-X8", "Công đoàn X8", "cdcs", "CDCS-X9", "Hợp tác xã", "2020-01-01", "", "", ""],  # 10: sector, date
        ["CDCS-X9", "Công đoàn X9", "cdcs", "CDCS-X8", "", "", "", "", ""],  # 11: loop with row 10
    ]
    before = snapshot()
    report = importing.import_units(units_file(tmp_path / "bad.xlsx", rows), year=2024, user=system_account())

    assert not report.applied and snapshot() == before
    bad = {(error.row, error.column) for error in report.errors}
    assert bad >= {
        (2, "Mã đơn vị cấp trên"),
        (4, "Mã đơn vị"),
        (5, "Ngày thành lập"),
        (6, "Tên đơn vị"),
        (7, "Loại đơn vị"),
        (8, "Số nữ"),
        (9, "Số đoàn viên"),
        (9, "Số CNVCLĐ"),
        (10, "Khu vực"),
        (10, "Ngày thành lập"),
        (10, "Mã đơn vị cấp trên"),
        (11, "Mã đơn vị cấp trên"),
    }
    assert {error.row for error in report.errors} == set(range(2, 12)) - {3}
    assert any("KHONG-CO" in error.message for error in report.errors if error.row == 2)


def test_moving_a_unit_under_its_own_subtree_is_a_loop(tree, tmp_path):
    rows = [["TP-DBP", "LĐLĐ thành phố Điện Biên Phủ", "ldld-huyen", "CDCS-A1", "", "", "", "", ""]]
    before = snapshot()
    report = importing.import_units(units_file(tmp_path / "loop.xlsx", rows), user=system_account())
    assert [(error.row, error.column) for error in report.errors] == [(2, "Mã đơn vị cấp trên")]
    assert snapshot() == before


def test_bad_header_is_one_error_on_row_1(tree, tmp_path):
    columns = list(importing.UNIT_COLUMNS)
    columns[0], columns[1] = columns[1], columns[0]
    report = importing.import_units(xlsx(tmp_path / "h.xlsx", columns[:-1], [["a", "b"]]), user=system_account())
    assert [error.row for error in report.errors] == [1]
    assert "Số nữ" in report.errors[0].message


@pytest.mark.django_db
def test_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("Mã đơn vị;Tên đơn vị\n")
    with pytest.raises(importing.BadFile):
        importing.import_units(path, user=system_account())


def test_bad_members_file_imports_nothing(tree, tmp_path):
    PersonFactory(full_name="Quàng Thị Mai", citizen_id="011190000009", unit=tree.school_b)
    rows = [
        person_row("Lò Văn A", "011085000001"),  # 2: good
        person_row("Lò Văn B", "011085000002", category="Bộ đội"),  # 3: unknown category
        person_row("Lò Văn C", "011085000003", sex="Không rõ"),  # 4: bad sex
        person_row("Lò Văn D", "12345", ethnicity="Người Sao Hỏa"),  # 5: bad citizen ID, unknown ethnicity
        person_row("Lò Văn E", "011085000001"),  # 6: citizen ID again
        person_row("Lò Văn F", "011085000006", unit="KHONG-CO"),  # 7: unknown unit
        person_row("Lò Văn G", "011085000007", born="01/01/2999"),  # 8: born in the future
        person_row("", "011085000008"),  # 9: missing name
        person_row("Lò Văn H", 1108500001.5),  # 10: a fraction is not a citizen ID
        person_row("Lò Văn I", "011085000011", emulation="Có lẽ"),  # 11: not Có/Không
    ]
    before = snapshot()
    report = importing.import_people(people_file(tmp_path / "bad.xlsx", rows), user=system_account())

    assert not report.applied and snapshot() == before
    bad = {(error.row, error.column) for error in report.errors}
    assert bad == {
        (3, "Đối tượng"), (4, "Giới tính"), (5, "Số CCCD"), (5, "Dân tộc"), (6, "Số CCCD"), (7, "Mã đơn vị"),
        (8, "Ngày sinh"), (9, "Họ và tên"), (10, "Số CCCD"), (11, "Làm công tác TĐKT"),
    }


def test_members_import_matches_and_is_idempotent(tree, tmp_path):
    known = PersonFactory(full_name="Quàng Thị Mai", sex="F", citizen_id=None, unit=tree.school_a, date_of_birth=datetime.date(1990, 5, 1))
    moved = PersonFactory(full_name="Lò Văn Chuyển", citizen_id="011085000099", unit=tree.school_a)
    rows = [
        # Matches `known` by name + birth date + unit (accents and case aside) and adds the citizen ID.
        person_row("QUÀNG THỊ MAI", 11190000001, sex="nữ", born=datetime.datetime(1990, 5, 1)),
        # Matches `moved` by citizen ID: a transfer to another union.
        person_row("Lò Văn Chuyển", "011085000099", unit="CDCS-B1", emulation="x"),
        person_row("Mùa A Sình", "", unit="CDCS-B2", ethnicity="h'mông", born=""),
    ]
    path = people_file(tmp_path / "people.xlsx", rows)
    report = importing.import_people(path, user=system_account())

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (1, 2, 0)
    known.refresh_from_db()
    moved.refresh_from_db()
    assert known.citizen_id == "011190000001" and known.full_name == "QUÀNG THỊ MAI" and known.search_text == "quang thi mai"
    assert moved.unit == tree.school_b and moved.works_on_emulation
    transfer = moved.events.get()
    assert (transfer.kind, transfer.from_unit, transfer.to_unit) == ("moved", tree.school_a, tree.school_b)
    assert not known.events.exists()
    new = Person.objects.get(full_name="Mùa A Sình")
    assert new.citizen_id is None and new.ethnicity.name == "H'Mông" and new.search_text == "mua a sinh"

    before = snapshot()
    again = importing.import_people(path, user=system_account())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert snapshot() == before


def test_units_reimport_changes_nothing(tree, tmp_path):
    path = units_file(tmp_path / "u.xlsx", GOOD_UNITS)
    importing.import_units(path, year=2024, user=system_account())
    before = snapshot()

    report = importing.import_units(path, year=2024, user=system_account())

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert snapshot() == before


def test_user_reach_limits_the_units_a_file_may_touch(tree, cast, tmp_path):
    # The officer of district A reaches its subtree only; the same message for unknown and unreachable parents.
    rows = [
        ["CDCS-N1", "Công đoàn N1", "cdcs", "H-TG", "", "", "", "", ""],
        ["CDCS-N2", "Công đoàn N2", "cdcs", "KHONG-CO", "", "", "", "", ""],
        ["CDCS-N3", "Công đoàn N3", "cdcs", "TP-DBP", "", "", "", "", ""],
        ["CDCS-B1", "Công đoàn đổi tên", "cdcs", "H-TG", "", "", "", "", ""],
    ]
    report = importing.import_units(units_file(tmp_path / "u.xlsx", rows), user=cast.officer, commit=False)
    assert {error.row for error in report.errors} == {2, 3, 5}
    by_row = {error.row: error.message for error in report.errors}
    assert by_row[2].replace("H-TG", "?") == by_row[3].replace("KHONG-CO", "?")


def _members(count: int, units: list[Unit]):
    for n in range(count):
        yield [
            f"Người Thử Số {n}", "Nam" if n % 2 else "Nữ", datetime.datetime(1970 + n % 30, 1 + n % 12, 1 + n % 28),
            "Thái", f"{n + 1:012d}" if n % 3 else n + 1, units[n % len(units)].code, "Công nhân",
            DIRECT, "", "Không",
        ]


def test_ten_thousand_members_import(tree, tmp_path):
    units = [tree.school_a, tree.hospital_a, tree.school_b, tree.clinic_b, tree.direct]
    path = people_file(tmp_path / "10k.xlsx", _members(10_000, units))

    started = time.monotonic()
    report = importing.import_people(path, user=system_account())
    elapsed = time.monotonic() - started
    print(f"\n10,000 members imported in {elapsed:.2f} s (report: {report.seconds:.2f} s)")

    assert report.errors == [] and report.created == 10_000
    assert Person.objects.count() == 10_000
    assert Person.objects.filter(citizen_id="000000000003").exists()

    started = time.monotonic()
    again = importing.import_people(path, user=system_account())
    print(f"10,000 members re-imported (unchanged) in {time.monotonic() - started:.2f} s")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10_000)


@pytest.mark.parametrize("kind", ["people", "units"])
def test_validation_queries_do_not_grow_with_rows(tree, cast, tmp_path, django_assert_max_num_queries, kind):
    units = [tree.school_a, tree.hospital_a, tree.school_b]

    def file(count, changed):
        # Rows to create and rows to update, so both paths are counted.
        if kind == "people":
            rows = list(_members(count, units))
            for row in rows[: count // 2 if changed else 0]:
                row[6] = "Tổ trưởng"
            return people_file(tmp_path / f"p{count}{changed}.xlsx", rows)
        rows = [[f"N{n}", f"Công đoàn {n}{' (mới)' if changed else ''}", "cdcs", units[n % 3].code, "", "", 1, 2, 1] for n in range(count)]
        return units_file(tmp_path / f"u{count}{changed}.xlsx", rows)

    importer = importing.import_people if kind == "people" else importing.import_units
    for count in (50, 500):
        importer(file(count // 2, False), user=system_account())
        user = cast.province_staff
        user._portal_grants = None
        with django_assert_max_num_queries(9):  # one of them reads the catalogue aliases
            report = importer(file(count, True), user=user, commit=False)
        assert report.errors == []
        assert (report.created, report.updated) == (count - count // 2, count // 2)


def test_import_units_command(tree, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    bad = units_file(tmp_path / "bad.xlsx", [["CDCS-Z", "", "cdcs", "DB", "", "", "", "", ""]])
    with pytest.raises(CommandError):
        call_command("import_units", str(bad), stdout=out, stderr=err)
    assert "Tên đơn vị" in err.getvalue() and not Unit.objects.filter(code="CDCS-Z").exists()

    good = units_file(tmp_path / "good.xlsx", GOOD_UNITS)
    call_command("import_units", str(good), "--year", "2023", stdout=out, stderr=err)
    assert UnitYearStats.objects.filter(unit__code="CDCS-MC1", year=2023).exists()
    assert "Đã nhập 3 dòng" in out.getvalue()  # the summary, in Vietnamese


def test_import_people_command(tree, cast, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    bad = people_file(tmp_path / "bad.xlsx", [person_row(unit="CDCS-B1")])
    with pytest.raises(CommandError):
        call_command("import_people", str(bad), "--user", cast.chair.username, stdout=out, stderr=err)
    assert "Mã đơn vị" in err.getvalue() and Person.objects.count() == 0

    call_command("import_people", str(bad), "--dry-run", stdout=out, stderr=err)
    assert Person.objects.count() == 0
    call_command("import_people", str(bad), stdout=out, stderr=err)
    assert Person.objects.get().unit == tree.school_b

    with pytest.raises(CommandError):
        call_command("import_people", str(tmp_path / "missing.xlsx"), stdout=out, stderr=err)


def test_categories_match_by_short_name_or_code(tree, tmp_path):
    path = people_file(
        tmp_path / "short.xlsx",
        [
            person_row(name="Lò Thị Ngắn", citizen_id="011085000011", category="lao dong truc tiep"),
            person_row(name="Cà Văn Mã", citizen_id="011085000012", category="lanh-dao-khac"),
        ],
    )
    report = importing.import_people(path, user=system_account())
    assert report.ok, report.errors
    assert Person.objects.get(full_name="Lò Thị Ngắn").category.is_direct_worker
    assert Person.objects.get(full_name="Cà Văn Mã").category.code == "lanh-dao-khac"


def test_a_row_for_someone_who_left_says_so_and_keeps_them_out(tree, tmp_path):
    departed = PersonFactory(
        full_name="Lò Văn Hùng", citizen_id="011085000001", unit=tree.school_a,
        left_on=datetime.date(2025, 6, 30), left_reason="retired",
    )
    path = people_file(tmp_path / "people.xlsx", [person_row(job="Tổ trưởng bảo vệ"), person_row("Cà Thị Lan", "011190000002")])

    report = importing.import_people(path, user=system_account())

    assert report.errors == [] and (report.created, report.updated) == (1, 1)
    assert [(note.row, note.column) for note in report.notes] == [(2, "Họ và tên")]
    assert "30/06/2025" in report.notes[0].message
    departed.refresh_from_db()
    assert departed.job_title == "Tổ trưởng bảo vệ" and departed.left_on == datetime.date(2025, 6, 30)

    out = io.StringIO()
    call_command("import_people", str(path), "--dry-run", stdout=out)
    assert "Dòng 2:" in out.getvalue() and "30/06/2025" in out.getvalue()


def test_an_import_tells_how_far_it_got_checking_then_writing(tree, tmp_path):
    """What a background job's page shows as its bar: the rows checked, then (importing) the rows written."""
    rows = [person_row(f"Lò Văn Thử {n}", f"0110850{n:05d}") for n in range(2500)]
    path = people_file(tmp_path / "many.xlsx", rows)
    checked, imported = [], []
    importing.import_people(path, user=system_account(), commit=False, progress=lambda done, total: checked.append((done, total)))
    importing.import_people(path, user=system_account(), progress=lambda done, total: imported.append((done, total)))
    assert checked == [(1000, 2500), (2000, 2500), (2500, 2500)]
    assert imported[-1] == (5000, 5000) and (3000, 5000) in imported, "the writing half comes after the checking half"
    assert Person.objects.filter(full_name__startswith="Lò Văn Thử").count() == 2500
