"""Guessing passwords: five failures for one account from one address lock that pair out for a while."""

from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "mat-khau-thu-nghiem"


def attempt(client, password, address="203.113.1.10"):
    return client.post(reverse("login"), {"username": "chutich.a1", "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_out_from_that_address(client, db):
    UserFactory(username="chutich.a1")
    for _ in range(4):
        assert attempt(client, "sai").status_code == 200
    locked = attempt(client, "sai")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert 'id="locked-out"' in page and "15 phút" in page

    assert attempt(client, PASSWORD).status_code == 429, "even the right password waits"
    assert attempt(client, PASSWORD, address="14.160.2.20").status_code == 302, "another place is not locked"


def test_a_good_login_clears_the_count(client, db):
    UserFactory(username="chutich.a1")
    for _ in range(4):
        attempt(client, "sai")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "sai").status_code == 200


def test_a_new_password_from_the_officer_opens_a_locked_account(client, tree, cast):
    for _ in range(5):
        attempt(client, "sai")
    assert attempt(client, PASSWORD).status_code == 429
    officer = client.__class__()
    officer.force_login(cast.officer)
    new = "Hoa-ban-trang-2026"
    officer.post(reverse("units:account-password", args=[cast.chair.pk]), {"new_password1": new, "new_password2": new})
    assert attempt(client, new).status_code == 302
