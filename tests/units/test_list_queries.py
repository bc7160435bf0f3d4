"""Lists keep a flat number of SQL queries as their rows grow."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, TrainingRecordFactory, UnitFactory, UserFactory, grant
from units.access import Role


# What any page may read: session, user, roles, the bell's unread count, and what it shows. The unit
# page is the largest (16: its unit, ancestors, a page of children with their counts, members here and
# below, yearly counts and their changes, files, members, events).
PAGE_BUDGET = 18


def grow(tree, n):
    for i in range(n):
        unit = UnitFactory(parent=tree.district_a)
        PersonFactory.create_batch(3, unit=unit)
        PersonFactory(unit=unit, left_on=datetime.date(2025, 6, 30), left_reason="retired")
        TrainingRecordFactory(person__unit=unit)
        grant(UserFactory(), Role.GRASSROOTS_CHAIR, unit)


@pytest.mark.parametrize(
    "url_name,params",
    [
        ("units:person-list", {}),
        ("units:person-list", {"q": "lo van", "sex": "M"}),
        ("units:person-list", {"status": "left"}),
        ("units:tree", {}),
        ("units:tree", {"q": "cong doan"}),
        ("units:tree", {"as_of": "01/06/2020"}),
        ("units:role-list", {}),
    ],
)
def test_list_pages_do_not_grow_with_rows(client, tree, cast, django_assert_max_num_queries, url_name, params):
    client.force_login(cast.officer)
    grow(tree, 3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse(url_name), params).status_code == 200
    grow(tree, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name), params).status_code == 200


def test_a_person_page_does_not_grow_with_their_history(client, tree, cast, django_assert_max_num_queries):
    from units import membership

    person = PersonFactory(unit=tree.school_a)
    client.force_login(cast.officer)
    membership.record_moves([(person.pk, tree.school_b.pk, tree.school_a.pk)], by=cast.officer)
    with django_assert_max_num_queries(10) as few:
        client.get(person.get_absolute_url())
    membership.record_moves([(person.pk, tree.school_b.pk, tree.school_a.pk)] * 30, by=cast.officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(person.get_absolute_url()).content.decode().count("chuyển sinh hoạt từ") == 31


def test_unit_page_and_children_do_not_grow_with_rows(client, tree, cast, django_assert_max_num_queries):
    client.force_login(cast.province_staff)
    grow(tree, 3)
    urls = [tree.district_a.get_absolute_url(), reverse("units:children", args=[tree.district_a.pk])]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(PAGE_BUDGET) as few:
            client.get(url)
        counts.append(len(few.captured_queries))
    grow(tree, 30)
    for url, count in zip(urls, counts):
        with django_assert_max_num_queries(count):
            client.get(url)


@pytest.mark.parametrize("role", ["province_staff", "upper_officer"])
def test_query_budgets_hold_on_generated_data(client, db, django_assert_max_num_queries, role):
    """The same budgets on the generator's small national shape (uneven fan-out, history, 3,000 people)."""
    import io

    from django.core.management import call_command

    from tests.factories import UserFactory, grant
    from units.models import Person, Unit

    call_command("seed_scale", "--scale", "national", "--units", "300", "--members", "3000", stdout=io.StringIO())
    root = Unit.objects.get(depth=1)
    big = Unit.objects.filter(unit_type__is_upper_level=True).order_by("-numchild").first()
    user = UserFactory()
    grant(user, role, root if role == "province_staff" else big)
    client.force_login(user)
    person = Person.objects.in_subtree(big).first()
    urls = [
        reverse("units:tree"),
        reverse("units:children", args=[big.pk]),
        big.get_absolute_url(),
        reverse("units:person-list"),
        reverse("units:person-list") + "?page=30",
        reverse("units:person-list") + f"?unit={big.pk}&sex=F",
        reverse("units:person-list") + "?q=nguyen+van",
        person.get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(PAGE_BUDGET):
            assert client.get(url).status_code == 200, url
