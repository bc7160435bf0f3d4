"""The member list names each unit once; a chair with one union neither chooses nor types it."""

import re

from django.urls import reverse

from tests.factories import PersonFactory


def test_the_list_names_each_unit_once_above_its_members(client, tree, cast):
    PersonFactory.create_batch(3, unit=tree.school_a)
    PersonFactory.create_batch(2, unit=tree.school_b)
    client.force_login(cast.province_staff)
    page = client.get(reverse("units:person-list")).content.decode()
    assert page.count(tree.school_a.name) == 1 and page.count(tree.school_b.name) == 1


def test_search_results_show_each_members_unit(client, tree, cast):
    PersonFactory(unit=tree.school_a, full_name="Lò Văn Một")
    PersonFactory(unit=tree.school_a, full_name="Lò Văn Hai")
    client.force_login(cast.province_staff)
    page = client.get(reverse("units:person-list"), {"q": "lo van"}).content.decode()
    assert page.count(tree.school_a.name) >= 2


def test_a_chair_sees_their_union_named_once_and_no_unit_filter(client, tree, cast):
    PersonFactory.create_batch(4, unit=tree.school_a)
    client.force_login(cast.chair)
    page = client.get(reverse("units:person-list")).content.decode()
    assert page.count(tree.school_a.name) == 1
    assert 'name="unit"' not in page


def test_a_chairs_new_member_form_has_their_union_filled_in(client, tree, cast):
    client.force_login(cast.chair)
    page = client.get(reverse("units:person-create")).content.decode()
    assert f'value="{tree.school_a.code}"' in page
    assert f"Công đoàn của bạn: {tree.school_a.name}." in page


def test_an_officers_new_member_form_leaves_the_unit_to_choose(client, tree, cast):
    client.force_login(cast.officer)
    page = client.get(reverse("units:person-create")).content.decode()
    unit_input = re.search(r'<input type="text" name="unit"[^>]*>', page).group()
    assert "value=" not in unit_input
