"""The scoping matrix: each role sees its subtree and gets 404 outside it, on lists and object pages."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, TrainingRecordFactory


@pytest.fixture
def people(tree):
    return {
        "a1": PersonFactory(unit=tree.school_a, full_name="Lò Văn Inside"),
        "a2": PersonFactory(unit=tree.hospital_a, full_name="Cà Thị Neighbour"),
        "b1": PersonFactory(unit=tree.school_b, full_name="Giàng A Outside"),
        "province": PersonFactory(unit=tree.province, full_name="Nguyễn Văn Tỉnh"),
    }


@pytest.fixture
def trainings(people):
    return {key: TrainingRecordFactory(person=person) for key, person in people.items()}


# role → (units it reaches, units it must not reach); keys of Tree attributes.
MATRIX = {
    "admin": ({"province", "district_a", "school_a", "district_b", "school_b", "direct"}, set()),
    "province_staff": ({"province", "district_a", "school_a", "district_b", "school_b", "direct"}, set()),
    "leadership": ({"province", "district_b", "school_b"}, set()),
    "council": ({"province", "school_b"}, set()),
    "officer": ({"district_a", "school_a", "hospital_a"}, {"province", "district_b", "school_b", "direct"}),
    "chair": ({"school_a"}, {"province", "district_a", "hospital_a", "district_b", "school_b", "direct"}),
    "nobody": (set(), {"province", "district_a", "school_a"}),
}
PERSON_REACH = {
    "admin": ({"a1", "a2", "b1", "province"}, set()),
    "province_staff": ({"a1", "b1", "province"}, set()),
    "leadership": ({"a1", "b1"}, set()),
    "council": ({"b1"}, set()),
    "officer": ({"a1", "a2"}, {"b1", "province"}),
    "chair": ({"a1"}, {"a2", "b1", "province"}),
    "nobody": (set(), {"a1"}),
}


@pytest.mark.parametrize("role", MATRIX)
def test_unit_pages_inside_and_outside_the_subtree(client, tree, cast, role):
    client.force_login(getattr(cast, role))
    inside, outside = MATRIX[role]
    for name in inside:
        unit = getattr(tree, name)
        assert client.get(unit.get_absolute_url()).status_code == 200, name
        assert client.get(reverse("units:children", args=[unit.pk])).status_code == 200, name
    for name in outside:
        unit = getattr(tree, name)
        assert client.get(unit.get_absolute_url()).status_code == 404, name
        assert client.get(reverse("units:children", args=[unit.pk])).status_code == 404, name


@pytest.mark.parametrize("role", PERSON_REACH)
def test_member_pages_and_list_inside_and_outside_the_subtree(client, cast, people, role):
    client.force_login(getattr(cast, role))
    inside, outside = PERSON_REACH[role]
    listing = client.get(reverse("units:person-list")).content.decode()
    for key in inside:
        assert client.get(people[key].get_absolute_url()).status_code == 200, key
        assert people[key].full_name in listing, key
    for key in outside:
        assert client.get(people[key].get_absolute_url()).status_code == 404, key
        assert people[key].full_name not in listing, key


@pytest.mark.parametrize("role", PERSON_REACH)
def test_training_records_follow_their_person(client, cast, people, trainings, role):
    client.force_login(getattr(cast, role))
    inside, outside = PERSON_REACH[role]
    for key in outside:
        response = client.post(reverse("units:training-delete", args=[trainings[key].pk]))
        assert response.status_code == 404, key
        assert trainings[key].__class__.objects.filter(pk=trainings[key].pk).exists()
    for key in inside:
        assert trainings[key].course in client.get(people[key].get_absolute_url()).content.decode()


def test_unit_tree_search_shows_only_units_in_reach(client, tree, cast):
    client.force_login(cast.chair)
    page = client.get(reverse("units:tree"), {"q": "cong doan"}).content.decode()
    assert tree.school_a.name in page
    assert tree.school_b.name not in page and tree.hospital_a.name not in page


def test_an_officer_cannot_edit_another_districts_unit_nor_move_their_own(client, tree, cast):
    client.force_login(cast.officer)
    assert client.get(reverse("units:edit", args=[tree.school_b.pk])).status_code == 404
    assert client.get(reverse("units:move", args=[tree.district_a.pk])).status_code == 403
    assert client.get(reverse("units:move", args=[tree.school_a.pk])).status_code == 200


def test_a_chair_may_keep_members_but_not_change_the_tree(client, tree, cast, people):
    client.force_login(cast.chair)
    assert client.get(reverse("units:edit", args=[tree.school_a.pk])).status_code == 403
    assert client.get(reverse("units:person-edit", args=[people["a1"].pk])).status_code == 200
    assert client.get(reverse("units:person-edit", args=[people["b1"].pk])).status_code == 404


def test_leadership_reads_but_does_not_edit(client, tree, cast, people):
    client.force_login(cast.leadership)
    assert client.get(reverse("units:person-edit", args=[people["a1"].pk])).status_code == 403
    assert client.get(reverse("units:edit", args=[tree.school_a.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree, people):
    for url in [reverse("units:tree"), tree.school_a.get_absolute_url(), reverse("units:person-list"), people["a1"].get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
