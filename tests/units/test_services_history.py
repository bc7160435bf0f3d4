"""Every service that changes data checks its own action rule, whoever calls it, and leaves a dated
row naming who made the change: the page's early 403 is a courtesy, the service is the guarantee."""

import datetime

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import PersonFactory, TrainingRecordFactory, UserFactory, grant, unit_type
from units import accounts, membership, services
from units.access import Role
from units.models import ChangeRecord, EmployeeCategory, Person, PersonEvent, RoleAssignment, Unit, UnitEvent

DAY = datetime.date(2025, 7, 1)


def _person_values(unit):
    return {"full_name": "Lò Thị Hoa", "sex": "F", "unit": unit, "category": EmployeeCategory.objects.get(code="truc-tiep")}


# (service, the call made by `by`, against the small province of tests/conftest.py). Each call is
# one the district officer of TP Điện Biên Phủ may not make: it reaches into Tuần Giáo, or asks
# for a right an officer lacks.
REFUSED = {
    "unit_create": lambda t, by: services.unit_create(unit=Unit(code="X1", name="X", unit_type=unit_type("cdcs")), parent=t.school_b, by=by),
    "unit_update": lambda t, by: services.unit_update(unit=t.school_b, changes={"name": "Đổi tên"}, by=by),
    "unit_move": lambda t, by: services.unit_move(unit=t.school_a, new_parent=t.district_b, effective_on=DAY, by=by),
    "unit_merge": lambda t, by: services.unit_merge(unit=t.school_a, into=t.school_b, effective_on=DAY, by=by),
    "unit_dissolve": lambda t, by: services.unit_dissolve(unit=t.clinic_b, effective_on=DAY, by=by),
    "unit_counts_save": lambda t, by: services.unit_counts_save(unit=t.school_b, year=2025, members=3, workers=3, women=1, by=by),
    "person_create": lambda t, by: membership.person_create(values=_person_values(t.school_b), by=by),
    "person_update": lambda t, by: membership.person_update(
        person=PersonFactory(unit=t.school_b), values={"job_title": "Giáo viên"}, version=1, by=by
    ),
    "person_update_to_outside": lambda t, by: membership.person_update(
        person=PersonFactory(unit=t.school_a), values={"unit": t.school_b}, version=1, by=by
    ),
    "person_leave": lambda t, by: membership.person_leave(person=PersonFactory(unit=t.school_b), on=DAY, reason="retired", by=by),
    "person_return": lambda t, by: membership.person_return(
        person=PersonFactory(unit=t.school_b, left_on=DAY, left_reason="retired"), by=by
    ),
    "training_record_add": lambda t, by: membership.training_record_add(
        person=PersonFactory(unit=t.school_b), values={"course": "Tập huấn", "organiser": "LĐLĐ tỉnh", "held_on": DAY}, by=by
    ),
    "training_record_remove": lambda t, by: membership.training_record_remove(
        record=TrainingRecordFactory(person__unit=t.school_b), by=by
    ),
    "role_grant": lambda t, by: accounts.role_grant(by=by, username="moi", role=Role.GRASSROOTS_CHAIR, unit=t.school_b, password="Mat-khau-123!"),
    "role_revoke": lambda t, by: accounts.role_revoke(
        by=by, assignment=grant(UserFactory(), Role.GRASSROOTS_CHAIR, t.school_b)
    ),
    "password_set_by_officer": lambda t, by: _set_password_of(grant(UserFactory(), Role.GRASSROOTS_CHAIR, t.school_b).user, by),
}


def _set_password_of(account, by):
    form = SetPasswordForm(account, {"new_password1": "Mat-khau-moi-123!", "new_password2": "Mat-khau-moi-123!"})
    assert form.is_valid()
    accounts.password_set_by_officer(by=by, account=account, form=form)


@pytest.mark.parametrize("service", list(REFUSED))
def test_each_service_refuses_a_user_without_the_right(tree, cast, service):
    before = (Unit.objects.count(), UnitEvent.objects.count(), PersonEvent.objects.count(), ChangeRecord.objects.count())
    with pytest.raises(PermissionDenied):
        REFUSED[service](tree, cast.officer)
    after = (Unit.objects.count(), UnitEvent.objects.count(), PersonEvent.objects.count(), ChangeRecord.objects.count())
    assert after == before


# (service, the call made by the province staff member `by`, the dated row it must leave).
RECORDED = {
    "unit_create": (
        lambda t, by: services.unit_create(unit=Unit(code="X1", name="X", unit_type=unit_type("cdcs")), parent=t.school_b, by=by),
        lambda t: UnitEvent.objects.get(unit__code="X1", kind=UnitEvent.Kind.CREATED),
    ),
    "unit_update": (
        lambda t, by: services.unit_update(unit=t.school_b, changes={"name": "Đổi tên"}, by=by),
        lambda t: UnitEvent.objects.get(unit=t.school_b, kind=UnitEvent.Kind.EDITED),
    ),
    "unit_move": (
        lambda t, by: services.unit_move(unit=t.school_a, new_parent=t.district_b, effective_on=DAY, by=by),
        lambda t: UnitEvent.objects.get(unit=t.school_a, kind=UnitEvent.Kind.MOVED),
    ),
    "unit_merge": (
        lambda t, by: services.unit_merge(unit=t.school_a, into=t.school_b, effective_on=DAY, by=by),
        lambda t: UnitEvent.objects.get(unit=t.school_a, kind=UnitEvent.Kind.MERGED),
    ),
    "unit_dissolve": (
        lambda t, by: services.unit_dissolve(unit=t.clinic_b, effective_on=DAY, by=by),
        lambda t: UnitEvent.objects.get(unit=t.clinic_b, kind=UnitEvent.Kind.DISSOLVED),
    ),
    "unit_counts_save": (
        lambda t, by: services.unit_counts_save(unit=t.school_b, year=2025, members=3, workers=3, women=1, by=by),
        lambda t: ChangeRecord.objects.get(unit=t.school_b, kind=ChangeRecord.Kind.COUNTS_SAVED),
    ),
    "person_update": (
        lambda t, by: membership.person_update(person=PersonFactory(unit=t.school_a), values={"unit": t.school_b}, version=1, by=by),
        lambda t: PersonEvent.objects.get(kind=PersonEvent.Kind.MOVED, from_unit=t.school_a, to_unit=t.school_b),
    ),
    "person_leave": (
        lambda t, by: membership.person_leave(person=PersonFactory(unit=t.school_b), on=DAY, reason="retired", by=by),
        lambda t: PersonEvent.objects.get(kind=PersonEvent.Kind.LEFT),
    ),
    "person_return": (
        lambda t, by: membership.person_return(person=PersonFactory(unit=t.school_b, left_on=DAY, left_reason="retired"), by=by),
        lambda t: PersonEvent.objects.get(kind=PersonEvent.Kind.RETURNED),
    ),
    "training_record_add": (
        lambda t, by: membership.training_record_add(
            person=PersonFactory(unit=t.school_b), values={"course": "Tập huấn", "organiser": "LĐLĐ tỉnh", "held_on": DAY}, by=by
        ),
        lambda t: ChangeRecord.objects.get(kind=ChangeRecord.Kind.TRAINING_ADDED),
    ),
    "training_record_remove": (
        lambda t, by: membership.training_record_remove(record=TrainingRecordFactory(person__unit=t.school_b), by=by),
        lambda t: ChangeRecord.objects.get(kind=ChangeRecord.Kind.TRAINING_REMOVED),
    ),
    "role_grant": (
        lambda t, by: accounts.role_grant(by=by, username="moi", role=Role.GRASSROOTS_CHAIR, unit=t.school_b, password="Mat-khau-123!"),
        lambda t: ChangeRecord.objects.get(kind=ChangeRecord.Kind.ROLE_GRANTED, account__username="moi"),
    ),
    "role_revoke": (
        lambda t, by: accounts.role_revoke(by=by, assignment=grant(UserFactory(username="cu"), Role.GRASSROOTS_CHAIR, t.school_b)),
        lambda t: ChangeRecord.objects.get(kind=ChangeRecord.Kind.ROLE_REVOKED, account__username="cu"),
    ),
}


@pytest.mark.parametrize("service", list(RECORDED))
def test_each_service_leaves_a_dated_row_naming_who(tree, cast, service):
    change, row = RECORDED[service]
    change(tree, cast.province_staff)
    record = row(tree)
    assert record.recorded_by == cast.province_staff
    assert getattr(record, "effective_on", None) or record.recorded_at


def test_a_chair_cannot_change_the_tree_even_at_their_own_union(tree, cast):
    with pytest.raises(PermissionDenied):
        services.unit_update(unit=tree.school_a, changes={"name": "Tên mới"}, by=cast.chair)
    with pytest.raises(PermissionDenied):
        services.unit_dissolve(unit=tree.school_a, effective_on=DAY, by=cast.chair)


def test_a_unit_edit_writes_what_changed_and_who(tree, cast):
    services.unit_update(unit=tree.school_a, changes={"name": "Công đoàn Trường THPT Phan Đình Giót (mới)", "address": ""}, by=cast.officer)
    event = tree.school_a.events.get(kind=UnitEvent.Kind.EDITED)
    assert event.recorded_by == cast.officer and event.effective_on is not None
    assert "Phan Đình Giót → Công đoàn Trường THPT Phan Đình Giót (mới)" in event.note
    assert "address" not in event.note.lower() and "địa chỉ" not in event.note.lower()  # unchanged fields are left out
    # Saving the same values again is no change and writes nothing.
    services.unit_update(unit=tree.school_a, changes={"name": "Công đoàn Trường THPT Phan Đình Giót (mới)"}, by=cast.officer)
    assert tree.school_a.events.filter(kind=UnitEvent.Kind.EDITED).count() == 1


def test_counts_saved_record_the_old_and_new_counts_and_show_on_the_unit_page(client, tree, cast):
    client.force_login(cast.chair)
    url = reverse("units:counts", args=[tree.school_a.pk])
    client.post(url, {"year": 2025, "members": 40, "workers": 45, "women": 20})
    client.post(url, {"year": 2025, "members": 42, "workers": 45, "women": 21})
    records = list(ChangeRecord.objects.filter(unit=tree.school_a, kind=ChangeRecord.Kind.COUNTS_SAVED).order_by("id"))
    assert [(r.details["before"], r.details["after"], r.recorded_by) for r in records] == [
        (None, [40, 45, 20], cast.chair),
        ([40, 45, 20], [42, 45, 21], cast.chair),
    ]
    page = client.get(tree.school_a.get_absolute_url()).content.decode()
    assert "42 đoàn viên, 45 CNVCLĐ, 21 nữ (trước đó 40 đoàn viên, 45 CNVCLĐ, 20 nữ)" in page


def test_training_added_and_removed_are_recorded_and_shown_on_the_person_page(client, tree, cast):
    person = PersonFactory(unit=tree.school_a, works_on_emulation=True)
    client.force_login(cast.chair)
    client.post(reverse("units:training-create", args=[person.pk]),
                {"course": "Tập huấn nghiệp vụ", "organiser": "LĐLĐ tỉnh", "held_on": "20/05/2026", "attended": "on"})
    record = person.trainings.get()
    client.post(reverse("units:training-delete", args=[record.pk]))
    assert not person.trainings.exists()
    kinds = [(r.kind, r.recorded_by, r.details["course"]) for r in person.change_records.order_by("id")]
    assert kinds == [
        (ChangeRecord.Kind.TRAINING_ADDED, cast.chair, "Tập huấn nghiệp vụ"),
        (ChangeRecord.Kind.TRAINING_REMOVED, cast.chair, "Tập huấn nghiệp vụ"),
    ]
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Đã xóa kết quả tập huấn: Tập huấn nghiệp vụ (LĐLĐ tỉnh, 20/05/2026)" in page


def test_roles_given_and_taken_back_are_recorded_and_shown_on_the_accounts_page(client, tree, cast):
    assignment = accounts.role_grant(by=cast.officer, username="chutich.a2", role=Role.GRASSROOTS_CHAIR, unit=tree.hospital_a,
                                     password="Mat-khau-123!")
    accounts.role_revoke(by=cast.officer, assignment=assignment)
    rows = [(r.kind, r.account.username, r.recorded_by) for r in ChangeRecord.objects.filter(unit=tree.hospital_a).order_by("id")]
    assert rows == [(ChangeRecord.Kind.ROLE_GRANTED, "chutich.a2", cast.officer), (ChangeRecord.Kind.ROLE_REVOKED, "chutich.a2", cast.officer)]
    client.force_login(cast.officer)
    page = client.get(reverse("units:role-list")).content.decode()
    assert 'id="role-changes"' in page and "Đã thu hồi vai trò" in page and "chutich.a2" in page
    # Another district's officer does not see them.
    other = UserFactory(username="canbo.tg")
    grant(other, Role.UPPER_LEVEL_OFFICER, tree.district_b)
    client.force_login(other)
    assert "chutich.a2" not in client.get(reverse("units:role-list")).content.decode()


def test_the_system_account_cannot_log_in(db):
    system = accounts.system_account()
    assert system == accounts.system_account()  # one account, made once
    assert not system.is_active and not system.has_usable_password()


# The admin ------------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(db, client):
    client.force_login(UserFactory(username="sieuquantri", is_staff=True, is_superuser=True))
    return client


def test_the_admin_unit_change_writes_the_edited_event(superuser_client, tree):
    url = reverse("admin:units_unit_change", args=[tree.school_a.pk])
    data = {"code": "CDCS-A1", "name": "Công đoàn Trường THPT Phan Đình Giót", "short_name": "", "unit_type": unit_type("cdcs").pk,
            "sector": "public_service", "address": "Phường Mường Thanh", "active_from": "01/01/2015",
            "year_stats-TOTAL_FORMS": "1", "year_stats-INITIAL_FORMS": "0", "year_stats-MIN_NUM_FORMS": "0", "year_stats-MAX_NUM_FORMS": "1000",
            "year_stats-0-year": "2025", "year_stats-0-members": "30", "year_stats-0-workers": "31", "year_stats-0-women": "12",
            "year_stats-0-unit": tree.school_a.pk}
    assert superuser_client.post(url, data).status_code == 302
    event = tree.school_a.events.get(kind=UnitEvent.Kind.EDITED)
    assert event.recorded_by.username == "sieuquantri" and "Phường Mường Thanh" in event.note
    counts = ChangeRecord.objects.get(unit=tree.school_a, kind=ChangeRecord.Kind.COUNTS_SAVED)
    assert counts.details["after"] == [30, 31, 12] and counts.recorded_by.username == "sieuquantri"
    # Correcting the saved year's counts records the old ones too.
    stats = tree.school_a.year_stats.get()
    assert superuser_client.get(url).status_code == 200
    data.update({"year_stats-INITIAL_FORMS": "1", "year_stats-0-id": stats.pk, "year_stats-0-members": "29"})
    del data["year_stats-0-year"]  # shown, not editable
    assert superuser_client.post(url, data).status_code == 302
    latest = ChangeRecord.objects.filter(unit=tree.school_a, kind=ChangeRecord.Kind.COUNTS_SAVED).first()
    assert (latest.details["before"], latest.details["after"]) == ([30, 31, 12], [29, 31, 12])


def _admin_person_data(person, unit, **overrides):
    person = Person.objects.get(pk=person.pk)
    data = {"full_name": person.full_name, "sex": person.sex, "date_of_birth": "07/03/1985", "ethnicity": person.ethnicity_id,
            "citizen_id": "", "unit": unit.pk, "job_title": "", "category": person.category_id, "union_post": "",
            "opened_version": person.version, "opened": membership.opened_stamp(person)}
    return {**data, **overrides}


def test_changing_a_persons_unit_in_the_admin_writes_the_moved_event(superuser_client, tree):
    person = PersonFactory(unit=tree.school_a)
    url = reverse("admin:units_person_change", args=[person.pk])
    assert superuser_client.post(url, _admin_person_data(person, tree.hospital_a)).status_code == 302
    event = person.events.get()
    assert (event.kind, event.from_unit, event.to_unit, event.recorded_by.username) == ("moved", tree.school_a, tree.hospital_a, "sieuquantri")
    person.refresh_from_db()
    assert person.unit == tree.hospital_a and person.unit_path == tree.hospital_a.path and person.version == 2


def test_the_admin_refuses_a_person_form_opened_before_someone_elses_save(superuser_client, tree, cast):
    person = PersonFactory(unit=tree.school_a)
    opened = _admin_person_data(person, tree.hospital_a)
    membership.person_update(person=person, values={"job_title": "Hiệu trưởng"}, version=1, by=cast.chair)
    response = superuser_client.post(reverse("admin:units_person_change", args=[person.pk]), opened)
    assert response.status_code == 200
    assert "Người khác đã lưu hồ sơ này sau khi bạn mở nó" in response.content.decode()
    person.refresh_from_db()
    assert person.unit == tree.school_a and person.job_title == "Hiệu trưởng" and not person.events.exists()


def test_the_admin_removes_training_and_roles_through_their_services(superuser_client, tree, cast):
    record = TrainingRecordFactory(person__unit=tree.school_a)
    superuser_client.post(reverse("admin:units_trainingrecord_delete", args=[record.pk]), {"post": "yes"})
    assert ChangeRecord.objects.filter(kind=ChangeRecord.Kind.TRAINING_REMOVED, person=record.person).exists()
    assignment = RoleAssignment.objects.get(user=cast.chair)
    superuser_client.post(reverse("admin:units_roleassignment_delete", args=[assignment.pk]), {"post": "yes"})
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert ChangeRecord.objects.filter(kind=ChangeRecord.Kind.ROLE_REVOKED, account=cast.chair).exists()
