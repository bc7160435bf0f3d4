"""Each role sees its subtree on lists, and what the matrix of object URLs (tests/test_scoping_matrix.py) leaves out."""

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


# role → (people it reaches, people it must not); keys of the `people` fixture.
PERSON_REACH = {
    "admin": ({"a1", "a2", "b1", "province"}, set()),
    "province_staff": ({"a1", "b1", "province"}, set()),
    "leadership": ({"a1", "b1"}, set()),
    "council": ({"b1"}, set()),
    "officer": ({"a1", "a2"}, {"b1", "province"}),
    "chair": ({"a1"}, {"a2", "b1", "province"}),
    "nobody": (set(), {"a1"}),
}


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


def test_an_officer_cannot_move_their_own_district_only_the_unions_below(client, tree, cast):
    client.force_login(cast.officer)
    assert client.get(reverse("units:move", args=[tree.district_a.pk])).status_code == 403
    assert client.get(reverse("units:edit", args=[tree.district_a.pk])).status_code == 403
    assert client.get(reverse("units:move", args=[tree.school_a.pk])).status_code == 200


def test_anonymous_visitors_of_a_list_are_sent_to_the_login_page(client, tree):
    for url in [reverse("units:tree"), reverse("units:person-list"), reverse("units:role-list")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
