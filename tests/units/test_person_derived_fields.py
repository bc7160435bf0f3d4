"""A person's search column and unit path come from one rule (Person.derived_fields), whoever writes the row."""

import datetime

from tests.factories import PersonFactory
from tests.units.test_import import people_file, person_row
from units import importing
from units.accounts import system_account
from units.models import Person


def stored(person: Person) -> dict:
    person.refresh_from_db()
    return {"search_text": person.search_text, "unit_path": person.unit_path}


def test_the_rule_folds_the_name_and_copies_the_units_path(tree):
    assert Person.derived_fields(full_name="Lò Thị  Hương", unit=tree.school_a) == {
        "search_text": "lo thi huong", "unit_path": tree.school_a.path,
    }
    assert Person.derived_fields(unit=tree.school_a) == {"unit_path": tree.school_a.path}


def test_a_saved_person_holds_what_the_rule_gives(tree):
    person = PersonFactory(full_name="Đặng Văn Đức", unit=tree.school_a)
    assert stored(person) == Person.derived_fields(full_name="Đặng Văn Đức", unit=tree.school_a)
    person.full_name, person.unit = "Đinh Thị Hà", tree.clinic_b
    person.save()
    assert stored(person) == Person.derived_fields(full_name="Đinh Thị Hà", unit=tree.clinic_b)


def test_imported_people_hold_what_the_rule_gives(tree, tmp_path):
    moved = PersonFactory(full_name="Lò Văn Chuyển", citizen_id="011085000099", unit=tree.school_a,
                          date_of_birth=datetime.date(1985, 3, 7))
    rows = [
        person_row("Lò Văn Chuyển Đi", "011085000099", unit="CDCS-B1"),  # renamed (ticked as a correction) and moved
        person_row("Mùa A Sình", "", unit="CDCS-B2"),  # new
    ]
    report = importing.import_people(people_file(tmp_path / "people.xlsx", rows), corrections={2}, user=system_account())
    assert report.errors == [] and (report.created, report.updated) == (1, 1)
    assert stored(moved) == Person.derived_fields(full_name="Lò Văn Chuyển Đi", unit=tree.school_b)
    new = Person.objects.get(full_name="Mùa A Sình")
    assert stored(new) == Person.derived_fields(full_name="Mùa A Sình", unit=tree.clinic_b)
