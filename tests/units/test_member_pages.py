"""Keeping the member registry from the web: forms read dd/mm/yyyy, refuse bad input, and stay in reach."""

import datetime

from django.urls import reverse

from tests.factories import PersonFactory
from units import membership
from units.models import EmployeeCategory, Ethnicity, Person


def form_data(unit, **overrides):
    data = {
        "full_name": "Quàng Thị Mai",
        "sex": "F",
        "date_of_birth": "07/03/1985",
        "ethnicity": Ethnicity.objects.get(name="Thái").pk,
        "citizen_id": "011185001234",
        "unit": unit.code,
        "job_title": "Giáo viên",
        "category": EmployeeCategory.objects.get(code="truc-tiep").pk,
        "union_post": "Đoàn viên",
    }
    return {**data, **overrides}


def edit_data(person, unit, **overrides):
    """The edit form's data as if opened just now: with the version (and values) the record has now."""
    person = Person.objects.get(pk=person.pk)
    return form_data(unit, version=person.version, opened=membership.opened_stamp(person), **overrides)


def test_a_chair_adds_a_member_with_a_day_first_date(client, tree, cast):
    client.force_login(cast.chair)
    response = client.post(reverse("units:person-create"), form_data(tree.school_a))
    person = Person.objects.get(full_name="Quàng Thị Mai")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.date_of_birth == datetime.date(1985, 3, 7)
    assert person.unit == tree.school_a and person.search_text == "quang thi mai"


def test_a_chair_cannot_add_a_member_to_another_union(client, tree, cast):
    client.force_login(cast.chair)
    response = client.post(reverse("units:person-create"), form_data(tree.school_b))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Person.objects.filter(full_name="Quàng Thị Mai").exists()


def test_a_duplicate_citizen_id_is_refused_and_nothing_is_saved(client, tree, cast):
    PersonFactory(unit=tree.school_a, citizen_id="011185001234")
    client.force_login(cast.chair)
    response = client.post(reverse("units:person-create"), form_data(tree.school_a))
    assert "citizen_id" in response.context["form"].errors
    assert Person.objects.filter(citizen_id="011185001234").count() == 1


def test_bad_dates_and_ids_are_refused(client, tree, cast):
    client.force_login(cast.chair)
    response = client.post(
        reverse("units:person-create"), form_data(tree.school_a, date_of_birth="31/02/1985", citizen_id="12345")
    )
    assert set(response.context["form"].errors) == {"date_of_birth", "citizen_id"}
    assert not Person.objects.exists()


def test_editing_shows_the_unit_code_and_keeps_it(client, tree, cast):
    person = PersonFactory(unit=tree.school_a)
    client.force_login(cast.officer)
    page = client.get(reverse("units:person-edit", args=[person.pk])).content.decode()
    assert f'value="{tree.school_a.code}"' in page
    response = client.post(reverse("units:person-edit", args=[person.pk]), edit_data(person, tree.hospital_a, citizen_id=""))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.unit == tree.hospital_a and person.citizen_id is None


def test_unit_suggestions_stay_in_reach(client, tree, cast):
    client.force_login(cast.officer)
    page = client.get(reverse("units:suggest"), {"field": "unit", "unit": "cong doan truong"}).content.decode()
    assert tree.school_a.code in page and tree.school_b.code not in page


def test_training_records_are_added_from_the_person_page(client, tree, cast):
    person = PersonFactory(unit=tree.school_a, works_on_emulation=True)
    client.force_login(cast.chair)
    client.post(
        reverse("units:training-create", args=[person.pk]),
        {"course": "Tập huấn nghiệp vụ TĐKT 2026", "organiser": "LĐLĐ tỉnh Điện Biên", "held_on": "20/05/2026", "attended": "on"},
    )
    record = person.trainings.get()
    assert record.held_on == datetime.date(2026, 5, 20) and record.attended
