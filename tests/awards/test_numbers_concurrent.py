"""Two officers issuing decisions of the same unit at the same moment get two different numbers:
the counter row is locked (select_for_update), not read as max()+1."""

import threading
import time

import pytest
from django.db import connection, transaction

from awards import services
from awards.models import Decision
from tests.factories import PersonFactory, make_decision

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the whole file)")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_officers_issuing_at_the_same_moment_get_two_numbers(tree, cast):
    people = [PersonFactory(unit=tree.school_a), PersonFactory(unit=tree.school_b)]
    drafts = [make_decision(tree.province, people=[p], form="bang-khen-ldld-tinh", by=cast.province_staff) for p in people]
    start = threading.Barrier(2)
    numbers, errors = {}, []

    def issue(draft):
        try:
            start.wait(timeout=10)
            numbers[draft.pk] = services.decision_issue(decision=draft, by=cast.province_staff).number
        except Exception as error:  # noqa: BLE001 - a thread's error must reach the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(numbers.values()) == [1, 2]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_second_issuer_waits_for_the_first_to_commit_and_takes_the_next_number(tree, cast):
    """The first issuer holds the counter (its transaction is still open); the second cannot read a
    number until it commits, then takes the next one. With max()+1 both would take 1."""
    people = [PersonFactory(unit=tree.school_a), PersonFactory(unit=tree.school_b)]
    first, second = [make_decision(tree.province, people=[p], form="bang-khen-ldld-tinh", by=cast.province_staff) for p in people]
    holding, release = threading.Event(), threading.Event()
    result = {}

    def slow_first():
        try:
            with transaction.atomic():
                result["first"] = services.number_take(issuing_unit_id=tree.province.pk, year=2025, decision_pk=first.pk)
                Decision.objects.filter(pk=first.pk).update(number=result["first"])
                holding.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    def then_second():
        try:
            holding.wait(timeout=10)
            result["second"] = services.decision_issue(decision=second, by=cast.province_staff).number
        except Exception as error:  # noqa: BLE001
            result["error"] = error
        finally:
            connection.close()

    a, b = threading.Thread(target=slow_first), threading.Thread(target=then_second)
    a.start()
    b.start()
    holding.wait(timeout=10)
    time.sleep(0.5)
    assert "second" not in result and "error" not in result  # waiting on the counter's lock
    release.set()
    a.join(timeout=30)
    b.join(timeout=30)
    assert (result.get("first"), result.get("second")) == (1, 2), result
