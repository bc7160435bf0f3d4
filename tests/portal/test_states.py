"""The state-change pattern: every allowed move writes its Transition row; a refused move writes nothing
and says why in Vietnamese. Shown on a member's leaving and return (member ↔ left)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal import states
from portal.models import Transition
from tests.factories import PersonFactory
from units import membership
from units.models import PersonEvent


def moves_of(obj):
    return [(t.source, t.target, t.by, t.note) for t in states.transitions_of(obj)]


def test_leaving_and_returning_are_recorded_moves(tree, cast):
    person = PersonFactory(unit=tree.school_a)

    membership.person_leave(person=person, on=datetime.date(2025, 6, 30), reason="retired", by=cast.chair)
    membership.person_return(person=person, by=cast.officer)

    assert moves_of(person) == [("member", "left", cast.chair, ""), ("left", "member", cast.officer, "")]
    assert list(person.events.values_list("kind", flat=True).order_by("pk")) == [PersonEvent.Kind.LEFT, PersonEvent.Kind.RETURNED]


def test_returning_a_member_who_never_left_is_refused_and_records_nothing(client, tree, cast):
    person = PersonFactory(unit=tree.school_a, full_name="Lò Văn Ở")

    with pytest.raises(states.MoveRefused) as refused:
        membership.person_return(person=person, by=cast.chair)

    assert "chưa rời công đoàn" in refused.value.messages[0]
    assert (refused.value.source, refused.value.target) == ("member", "member")
    client.force_login(cast.chair)
    response = client.post(reverse("units:person-return", args=[person.pk]), follow=True)
    assert "Lò Văn Ở vẫn là đoàn viên" in response.content.decode()
    assert not Transition.objects.exists() and not PersonEvent.objects.exists()


def test_leaving_twice_is_refused_and_records_nothing(tree, cast):
    person = PersonFactory(unit=tree.school_a)
    membership.person_leave(person=person, on=datetime.date(2025, 6, 30), reason="retired", by=cast.chair)

    with pytest.raises(states.MoveRefused, match="đã rời tổ chức công đoàn"):
        membership.person_leave(person=person, on=datetime.date(2025, 7, 1), reason="moved", by=cast.chair)

    person.refresh_from_db()
    assert person.left_on == datetime.date(2025, 6, 30)
    assert len(moves_of(person)) == 1 and person.events.count() == 1


def test_a_move_its_checks_refuse_writes_no_transition(tree, cast):
    person = PersonFactory(unit=tree.school_a)

    with pytest.raises(ValidationError) as refused:
        membership.person_leave(person=person, on=datetime.date(2025, 6, 30), reason="bay-ve", by=cast.chair)

    assert "reason" in refused.value.message_dict
    person.refresh_from_db()
    assert person.left_on is None and not Transition.objects.exists() and not person.events.exists()


def test_a_refused_move_shows_in_a_form_like_any_validation_error(client, tree, cast):
    person = PersonFactory(unit=tree.school_a, left_on=datetime.date(2025, 6, 30), left_reason="retired")
    client.force_login(cast.chair)

    response = client.post(reverse("units:person-leave", args=[person.pk]), {"on": "01/07/2025", "reason": "moved"})

    assert response.status_code == 200 and "đã rời tổ chức công đoàn từ ngày 30/06/2025" in " ".join(response.context["form"].non_field_errors())


def test_a_move_nobody_asked_for_must_say_what_made_it(tree):
    person = PersonFactory(unit=tree.school_a)
    with pytest.raises(ValueError):
        states.move(person, "left", machine=membership.MEMBERSHIP, by=None)
    assert not Transition.objects.exists()
