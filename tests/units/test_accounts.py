"""Accounts and roles are given and taken back within the giver's reach, by the one scoping rule."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory, grant
from units.access import Role
from units.models import RoleAssignment


def grant_form(unit, role=Role.GRASSROOTS_CHAIR, username="chutich.a2", password="Mat-khau-dau-tien-2026"):
    return {"username": username, "full_name": "Cà Thị Lan", "email": "", "password": password, "role": role, "unit": unit.code}


def test_an_officer_names_the_chair_of_a_union_in_their_district(client, tree, cast):
    client.force_login(cast.officer)
    response = client.post(reverse("units:role-grant"), grant_form(tree.hospital_a))
    assert response.status_code == 302
    user = get_user_model().objects.get(username="chutich.a2")
    assert user.first_name == "Cà Thị Lan" and user.check_password("Mat-khau-dau-tien-2026")
    assert RoleAssignment.objects.filter(user=user, role=Role.GRASSROOTS_CHAIR, unit=tree.hospital_a).exists()


def test_an_officer_cannot_give_roles_outside_their_district_or_above_chair(client, tree, cast):
    client.force_login(cast.officer)
    outside = client.post(reverse("units:role-grant"), grant_form(tree.school_b))
    assert "unit" in outside.context["form"].errors
    higher = client.post(reverse("units:role-grant"), grant_form(tree.hospital_a, role=Role.PROVINCE_STAFF))
    assert "role" in higher.context["form"].errors
    own_unit = client.post(reverse("units:role-grant"), grant_form(tree.district_a))
    assert "unit" in own_unit.context["form"].errors
    assert not get_user_model().objects.filter(username="chutich.a2").exists()


def test_a_weak_first_password_is_refused_and_nothing_is_created(client, tree, cast):
    client.force_login(cast.province_staff)
    response = client.post(reverse("units:role-grant"), grant_form(tree.hospital_a, password="123"))
    assert response.status_code == 200 and response.context["form"].errors
    assert not get_user_model().objects.filter(username="chutich.a2").exists()


def test_an_existing_account_gets_a_second_role(client, tree, cast):
    client.force_login(cast.province_staff)
    response = client.post(reverse("units:role-grant"), grant_form(tree.district_b, role=Role.COUNCIL_MEMBER, username="chutich.a1", password=""))
    assert response.status_code == 302
    assert set(cast.chair.role_assignments.values_list("role", flat=True)) == {Role.GRASSROOTS_CHAIR, Role.COUNCIL_MEMBER}


def test_the_list_shows_only_roles_in_reach_and_revoking_outside_is_404(client, tree, cast):
    other_chair = UserFactory(username="chutich.b1")
    outside = grant(other_chair, Role.GRASSROOTS_CHAIR, tree.school_b)
    client.force_login(cast.officer)
    page = client.get(reverse("units:role-list")).content.decode()
    assert "chutich.a1" in page and "chutich.b1" not in page
    assert client.post(reverse("units:role-revoke", args=[outside.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk=outside.pk).exists()


def test_an_officer_takes_back_a_chair_role_but_not_their_own(client, tree, cast):
    client.force_login(cast.officer)
    chair_role = cast.chair.role_assignments.get()
    own_role = cast.officer.role_assignments.get()
    assert client.post(reverse("units:role-revoke", args=[own_role.pk])).status_code == 403
    assert client.post(reverse("units:role-revoke", args=[chair_role.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(pk=chair_role.pk).exists()


def test_chairs_and_leadership_do_not_manage_accounts(client, cast):
    for user in (cast.chair, cast.leadership, cast.council):
        client.force_login(user)
        assert client.get(reverse("units:role-list")).status_code == 403
        assert client.get(reverse("units:role-grant")).status_code == 403
