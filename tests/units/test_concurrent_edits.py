"""Two people saving the same member: the second save is refused with what changed, never written over
the first, and the history of moves says exactly where the member really was (issue 12, item 10)."""

import datetime
import random
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory, grant
from tests.units.test_import import DIRECT, people_file
from tests.units.test_member_pages import edit_data
from units import importing, membership, services
from units.access import Role
from units.accounts import system_account
from units.models import Person, PersonEvent

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the whole file)")


def test_a_form_saved_over_a_newer_version_is_refused_and_shows_what_changed(client, tree, cast):
    person = PersonFactory(unit=tree.school_a, full_name="Quàng Thị Mai", job_title="Giáo viên")
    opened = edit_data(person, tree.hospital_a, citizen_id="", job_title="Giáo viên")  # the officer opens the form
    membership.person_update(person=person, values={"job_title": "Tổ trưởng chuyên môn"}, version=1, by=cast.chair)

    client.force_login(cast.officer)
    response = client.post(reverse("units:person-edit", args=[person.pk]), opened)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Người khác đã lưu hồ sơ này sau khi bạn mở nó" in page
    assert "Chức vụ: Tổ trưởng chuyên môn" in page
    # The form shows the record as it is now, at its new version, so a second save goes through.
    assert response.context["form"].initial["version"] == 2
    person.refresh_from_db()
    assert (person.unit, person.job_title, person.version) == (tree.school_a, "Tổ trưởng chuyên môn", 2)
    assert not person.events.exists()


def test_an_import_raises_the_version_so_a_form_opened_before_it_is_refused(client, tree, cast, tmp_path):
    person = PersonFactory(unit=tree.school_a, full_name="Lò Văn Hùng", citizen_id="011085000001")
    opened = edit_data(person, tree.school_a, full_name="Lò Văn Hùng", citizen_id="011085000001")
    row = ["Lò Văn Hùng", "Nam", "07/03/1985", "Thái", "011085000001", "CDCS-A2", "", DIRECT, "", ""]
    assert importing.import_people(people_file(tmp_path / "p.xlsx", [row]), user=cast.officer).applied

    person.refresh_from_db()
    assert (person.unit, person.version) == (tree.hospital_a, 2)
    client.force_login(cast.officer)
    response = client.post(reverse("units:person-edit", args=[person.pk]), opened)
    assert response.status_code == 409 and "Người khác đã lưu hồ sơ này" in response.content.decode()
    person.refresh_from_db()
    assert person.unit == tree.hospital_a


def test_an_import_writes_the_move_from_where_the_member_really_was(tree, cast, tmp_path, monkeypatch):
    """Between checking the file and writing it, an officer moves the member by hand: the import's
    event must start from that union, and the officer's other change must stay."""
    person = PersonFactory(unit=tree.school_a, full_name="Lò Văn Hùng", citizen_id="011085000001")
    checked = importing._plan_people

    def plan_then_a_hand_edit(*args, **kwargs):
        plan = checked(*args, **kwargs)
        membership.person_update(person=person, values={"unit": tree.hospital_a, "job_title": "Điều dưỡng"}, version=1, by=cast.officer)
        return plan

    monkeypatch.setattr(importing, "_plan_people", plan_then_a_hand_edit)
    # The file moves the member to another union and gives a union post; it leaves the job title blank.
    row = ["Lò Văn Hùng", "Nam", "07/03/1985", "Thái", "011085000001", "CDCS-TT1", "", DIRECT, "Tổ trưởng", ""]
    path = people_file(tmp_path / "p.xlsx", [row])
    report = importing.import_people(path, user=system_account())
    assert report.applied

    moves = [(e.from_unit, e.to_unit) for e in PersonEvent.objects.filter(person=person).order_by("id")]
    assert moves == [(tree.school_a, tree.hospital_a), (tree.hospital_a, tree.direct)]
    person.refresh_from_db()
    assert (person.unit, person.job_title, person.union_post, person.version) == (tree.direct, "Điều dưỡng", "Tổ trưởng", 3)


def _editor(tree):
    user = UserFactory()
    grant(user, Role.PROVINCE_STAFF, tree.province)
    return user


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_the_same_person_one_is_refused_and_the_history_is_exact(tree):
    person = PersonFactory(unit=tree.school_a)
    first, second = _editor(tree), _editor(tree)
    opened = threading.Barrier(2)
    outcome = {}

    def save(by, unit):
        try:
            mine = Person.objects.get(pk=person.pk)  # both open the form before either saves
            version, stamp = mine.version, membership.opened_stamp(mine)
            opened.wait(timeout=10)
            membership.person_update(person=mine, values={"unit": unit}, version=version, opened=stamp, by=by)
            outcome[by.pk] = "saved"
        except Exception as refused:  # noqa: BLE001 - a thread's error must reach the assertions
            outcome[by.pk] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(first, tree.hospital_a)), threading.Thread(target=save, args=(second, tree.direct))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcome) == 2, outcome
    saved = [pk for pk, result in outcome.items() if result == "saved"]
    refused = [result for result in outcome.values() if isinstance(result, membership.StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1
    winner_unit = tree.hospital_a if saved == [first.pk] else tree.direct
    assert "Người khác đã lưu hồ sơ này" in str(refused[0]) or "Someone else saved" in str(refused[0])
    person.refresh_from_db()
    assert (person.unit, person.version) == (winner_unit, 2)
    event = PersonEvent.objects.get(person=person)
    assert (event.from_unit, event.to_unit, event.recorded_by_id) == (tree.school_a, winner_unit, saved[0])


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_many_concurrent_saves_leave_one_true_moved_event_per_real_move(tree):
    person = PersonFactory(unit=tree.school_a)
    unions = [tree.school_a, tree.hospital_a, tree.direct]
    editors = [_editor(tree) for _ in range(4)]
    saves, refusals, errors, lock = [], [], [], threading.Lock()

    def work(by, seed):
        rng = random.Random(seed)
        try:
            for n in range(10):
                mine = Person.objects.get(pk=person.pk)
                target = rng.choice(unions)  # sometimes the union they are already in: no move
                time.sleep(rng.random() * 0.01)  # the officer types; another may save meanwhile
                try:
                    saved = membership.person_update(
                        person=mine, values={"unit": target, "job_title": f"{by.username} {n}"}, version=mine.version,
                        opened=membership.opened_stamp(mine), by=by,
                    )
                except membership.StaleEdit:
                    with lock:
                        refusals.append(by.pk)
                else:
                    with lock:
                        saves.append((saved.version, mine.unit_id, target.pk))
        except Exception as error:  # noqa: BLE001 - a thread's error must reach the assertions
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(by, seed)) for seed, by in enumerate(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(saves) + len(refusals) == 40 and refusals, "the editors should have run into each other"
    saves.sort()
    assert [version for version, _, _ in saves] == list(range(2, 2 + len(saves)))  # no save was lost
    real_moves = [(old, new) for _, old, new in saves if old != new]
    events = list(PersonEvent.objects.filter(person=person).order_by("id").values_list("from_unit_id", "to_unit_id"))
    assert events == real_moves
    person.refresh_from_db()
    assert person.unit_id == saves[-1][2] and person.version == saves[-1][0]


def test_every_write_path_raises_the_version(tree, cast):
    """A form opened before a merge, a dissolution, a leaving or a return is refused like one opened
    before a hand edit: each of them raises the version."""
    merged = PersonFactory(unit=tree.school_b)
    dissolved = PersonFactory(unit=tree.clinic_b)
    leaving = PersonFactory(unit=tree.school_a)

    services.unit_merge(unit=tree.school_b, into=tree.school_a, effective_on=datetime.date(2025, 7, 1), by=cast.province_staff)
    services.unit_dissolve(unit=tree.clinic_b, effective_on=datetime.date(2025, 8, 1), by=cast.province_staff)
    membership.person_leave(person=leaving, on=datetime.date(2025, 9, 1), reason="retired", by=cast.chair)
    assert [Person.objects.get(pk=p.pk).version for p in (merged, dissolved, leaving)] == [2, 2, 2]
    membership.person_return(person=leaving, by=cast.chair)
    assert Person.objects.get(pk=leaving.pk).version == 3
    with pytest.raises(membership.StaleEdit):
        membership.person_update(person=merged, values={"job_title": "Kế toán"}, version=1, by=cast.province_staff)
