"""Forgotten passwords: a link by e-mail, or a new password set by the officer who manages the account."""

import re

from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory, grant
from units.access import Role

NEW_PASSWORD = "Hoa-ban-trang-2026"


def new_password_form(password=NEW_PASSWORD):
    return {"new_password1": password, "new_password2": password}


def test_the_login_page_offers_a_link_by_e_mail(client, cast):
    cast.chair.email = "chutich.a1@thidua.example"
    cast.chair.save()
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()

    client.post(reverse("password_reset"), {"email": "chutich.a1@thidua.example"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "mật khẩu" in message.subject and "chutich.a1" in message.body
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(form_page.redirect_chain[-1][0], new_password_form())
    cast.chair.refresh_from_db()
    assert cast.chair.check_password(NEW_PASSWORD)
    assert not client.get(link, follow=True).context["validlink"], "a link works once"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, cast):
    response = client.post(reverse("password_reset"), {"email": "ai-do@thidua.example"}, follow=True)
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert mail.outbox == []


def test_an_officer_sets_a_new_password_for_a_chair_below(client, cast):
    client.force_login(cast.officer)
    listing = client.get(reverse("units:role-list")).content.decode()
    url = reverse("units:account-password", args=[cast.chair.pk])
    assert url in listing
    weak = client.post(url, new_password_form("123"))
    assert weak.status_code == 200 and weak.context["form"].errors
    cast.chair.refresh_from_db()
    assert not cast.chair.check_password("123")

    assert client.post(url, new_password_form()).status_code == 302
    cast.chair.refresh_from_db()
    assert cast.chair.check_password(NEW_PASSWORD)


def test_nobody_takes_over_an_account_beyond_what_they_may_give(client, tree, cast):
    other_district_chair = UserFactory(username="chutich.b1")
    grant(other_district_chair, Role.GRASSROOTS_CHAIR, tree.school_b)
    works_elsewhere_too = UserFactory(username="chutich.a2")
    grant(works_elsewhere_too, Role.GRASSROOTS_CHAIR, tree.hospital_a)
    grant(works_elsewhere_too, Role.COUNCIL_MEMBER, tree.province)
    url = lambda account: reverse("units:account-password", args=[account.pk])  # noqa: E731

    client.force_login(cast.officer)
    assert client.get(url(other_district_chair)).status_code == 404
    assert client.get(url(cast.province_staff)).status_code == 404
    assert client.get(url(works_elsewhere_too)).status_code == 403
    assert client.get(url(cast.officer)).status_code == 403, "one's own password is changed with the old one"
    client.force_login(cast.chair)
    assert client.get(url(cast.chair)).status_code == 403
    client.force_login(cast.province_staff)
    assert client.get(url(cast.officer)).status_code == 200
    assert client.get(url(cast.admin)).status_code == 403


def test_a_password_set_by_an_officer_must_be_replaced_at_the_next_login(client, tree, cast):
    client.force_login(cast.officer)
    client.post(reverse("units:account-password", args=[cast.chair.pk]), new_password_form())
    client.logout()

    client.post(reverse("login"), {"username": "chutich.a1", "password": NEW_PASSWORD})
    for path in [reverse("home"), reverse("units:person-list"), tree.school_a.get_absolute_url()]:
        assert client.get(path).url == reverse("password_change"), path
    form_page = client.get(reverse("password_change")).content.decode()
    assert 'id="password-must-change"' in form_page

    own = "Suoi-Nam-Rom-2026"
    response = client.post(
        reverse("password_change"), {"old_password": NEW_PASSWORD, "new_password1": own, "new_password2": own}
    )
    assert response.url == reverse("password_change_done")
    assert client.get(reverse("units:person-list")).status_code == 200
    client.logout()
    client.post(reverse("login"), {"username": "chutich.a1", "password": own})
    assert client.get(reverse("home")).status_code == 200, "chosen once, not asked again"


def test_the_temporary_password_check_costs_the_health_check_nothing(client, cast, django_assert_num_queries):
    client.force_login(cast.chair)
    with django_assert_num_queries(0):
        assert client.get("/healthz/").status_code == 200


# The production hashers (config/settings.py); the test settings use MD5 to keep other tests fast.
PRODUCTION_HASHERS = [
    "portal.passwords.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


def test_new_passwords_are_argon2id_at_owasps_minimum(settings, db):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    algorithm, variety, version, params, *_ = make_password(NEW_PASSWORD).split("$")
    assert (algorithm, variety, params) == ("argon2", "argon2id", "m=19456,t=2,p=1")


def test_an_old_pbkdf2_password_still_logs_in_and_is_rehashed_with_argon2id(client, settings, tree):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory(username="canbo.cu")
    grant(user, Role.UPPER_LEVEL_OFFICER, tree.district_a)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(NEW_PASSWORD, hasher.salt())  # saved before the switch
    user.save()

    response = client.post(reverse("login"), {"username": "canbo.cu", "password": NEW_PASSWORD})
    assert response.status_code == 302 and client.get(reverse("home")).status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    client.logout()  # and the new hash lets them in again
    client.post(reverse("login"), {"username": "canbo.cu", "password": NEW_PASSWORD})
    assert client.get(reverse("home")).status_code == 200
    # A wrong password is refused and leaves the hash as it was.
    client.logout()
    saved = user.password
    assert client.post(reverse("login"), {"username": "canbo.cu", "password": "sai-mat-khau-2026"}).status_code == 200
    user.refresh_from_db()
    assert user.password == saved
