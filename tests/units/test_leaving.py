"""Members who leave the union stay in the registry, out of the current lists and counts."""

import datetime

from django.urls import reverse
from django.utils import timezone

from units.accounts import system_account
from tests.factories import PersonFactory
from units.models import Person


def leave(client, person, day="30/06/2025", reason="retired"):
    return client.post(reverse("units:person-leave", args=[person.pk]), {"on": day, "reason": reason})


def names_listed(client, **params):
    return {person.full_name for person in client.get(reverse("units:person-list"), params).context["page"]}


def test_a_chair_records_a_retirement_and_the_lists_follow(client, tree, cast):
    staying = PersonFactory(unit=tree.school_a, full_name="Lò Văn Ở")
    retiring = PersonFactory(unit=tree.school_a, full_name="Quàng Văn Nghỉ", date_of_birth=datetime.date(1965, 5, 1))
    client.force_login(cast.chair)
    assert client.get(tree.school_a.get_absolute_url()).context["people_here"] == 2

    response = leave(client, retiring)

    assert response.status_code == 302 and response.url == retiring.get_absolute_url()
    retiring.refresh_from_db()
    assert (retiring.left_on, retiring.left_reason) == (datetime.date(2025, 6, 30), "retired")
    assert names_listed(client) == {staying.full_name}
    assert names_listed(client, status="left") == {retiring.full_name}
    assert names_listed(client, status="all") == {staying.full_name, retiring.full_name}
    assert "rời" in client.get(reverse("units:person-list"), {"status": "left"}).content.decode()
    assert client.get(tree.school_a.get_absolute_url()).context["people_here"] == 1
    assert client.get(reverse("home")).context["people_count"] == 1
    page = client.get(retiring.get_absolute_url()).content.decode()
    assert 'id="person-left"' in page and "30/06/2025" in page and "Nghỉ hưu" in page

    client.post(reverse("units:person-return", args=[retiring.pk]))
    retiring.refresh_from_db()
    assert retiring.left_on is None and retiring.left_reason == ""
    assert names_listed(client) == {staying.full_name, retiring.full_name}


def test_bad_leaving_days_are_refused_and_nothing_changes(client, tree, cast):
    person = PersonFactory(unit=tree.school_a, date_of_birth=datetime.date(1990, 1, 1))
    client.force_login(cast.chair)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    for day, reason in [(tomorrow, "retired"), ("01/01/1989", "moved"), ("31/02/2025", "retired"), ("30/06/2025", "bay-ve")]:
        response = leave(client, person, day, reason)
        assert response.status_code == 200 and response.context["form"].errors, (day, reason)
    assert "tương lai" in leave(client, person, tomorrow).content.decode()
    person.refresh_from_db()
    assert person.left_on is None

    leave(client, person)
    again = leave(client, person, "01/07/2025")
    assert "đã rời" in again.content.decode()
    person.refresh_from_db()
    assert person.left_on == datetime.date(2025, 6, 30)


def test_only_those_who_keep_the_members_record_it(client, tree, cast):
    other_union = PersonFactory(unit=tree.school_b)
    own = PersonFactory(unit=tree.school_a)
    client.force_login(cast.chair)
    assert leave(client, other_union).status_code == 404
    assert client.post(reverse("units:person-return", args=[other_union.pk])).status_code == 404
    client.force_login(cast.leadership)
    assert leave(client, own).status_code == 403
    assert client.get(reverse("units:person-leave", args=[own.pk])).status_code == 403
    assert not Person.objects.departed().exists()


def test_the_registry_refuses_a_leaving_day_without_a_reason(db, tree):
    from django.db import IntegrityError, transaction

    person = PersonFactory(unit=tree.school_a)
    person.left_on = datetime.date(2025, 1, 1)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        pass
    else:
        raise AssertionError("a leaving day needs its reason")


def test_dissolving_a_union_ends_the_membership_of_those_still_in_it(client, tree, cast):
    from units import services

    staying = PersonFactory(unit=tree.school_b, full_name="Lò Thị Còn")
    already_left = PersonFactory(unit=tree.school_b, left_on=datetime.date(2024, 3, 1), left_reason="retired")
    moved_on = PersonFactory(unit=tree.clinic_b)

    services.unit_dissolve(unit=tree.school_b, effective_on=datetime.date(2025, 9, 1), by=system_account())

    staying.refresh_from_db()
    already_left.refresh_from_db()
    assert (staying.left_on, staying.left_reason) == (datetime.date(2025, 9, 1), "dissolved")
    assert (already_left.left_on, already_left.left_reason) == (datetime.date(2024, 3, 1), "retired")
    assert Person.objects.current().filter(unit_path__startswith=tree.district_b.path).get() == moved_on

    client.force_login(cast.province_staff)
    response = client.post(reverse("units:person-return", args=[staying.pk]), follow=True)
    assert "đã kết thúc hoạt động" in response.content.decode()
    staying.refresh_from_db()
    assert staying.has_left


def test_the_person_page_tells_the_union_history(client, tree, cast):
    from tests.units.test_member_pages import edit_data

    person = PersonFactory(unit=tree.school_a, full_name="Quàng Thị Mai", date_of_birth=datetime.date(1985, 3, 7))
    client.force_login(cast.officer)
    client.post(reverse("units:person-edit", args=[person.pk]), edit_data(person, tree.hospital_a, citizen_id=""))
    client.post(reverse("units:person-edit", args=[person.pk]), edit_data(person, tree.hospital_a, citizen_id="", job_title="Y tá"))
    today = timezone.localdate()
    leave(client, person, today.strftime("%d/%m/%Y"), "moved")
    client.post(reverse("units:person-return", args=[person.pk]))

    kinds = [(e.kind, e.from_unit, e.to_unit, e.recorded_by) for e in person.events.all()]
    assert kinds == [
        ("moved", tree.school_a, tree.hospital_a, cast.officer),  # the second edit kept the union: no event
        ("left", tree.hospital_a, None, cast.officer),
        ("returned", None, tree.hospital_a, cast.officer),
    ]
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Quá trình sinh hoạt công đoàn" in page
    assert f"chuyển sinh hoạt từ {tree.school_a.name} sang {tree.hospital_a.name}" in page
    assert "rời tổ chức công đoàn (Chuyển công tác ra ngoài hệ thống công đoàn)" in page


def test_merges_and_dissolutions_write_the_history_of_each_member(db, tree):
    from units import services

    merged = PersonFactory(unit=tree.school_a)
    ended = PersonFactory(unit=tree.school_b)
    services.unit_merge(unit=tree.school_a, into=tree.hospital_a, effective_on=datetime.date(2025, 7, 1), by=system_account())
    services.unit_dissolve(unit=tree.school_b, effective_on=datetime.date(2025, 9, 1), by=system_account())

    move = merged.events.get()
    assert (move.kind, move.effective_on, move.from_unit, move.to_unit) == ("moved", datetime.date(2025, 7, 1), tree.school_a, tree.hospital_a)
    leaving = ended.events.get()
    assert (leaving.kind, leaving.effective_on, leaving.reason) == ("left", datetime.date(2025, 9, 1), "dissolved")
