"""What a Vietnamese user reads instead of Django's English or stock wording."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def user_client(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.province_staff)
    return client


@pytest.mark.parametrize("path", ["/members/?q=%00", "/units/?q=%00", "/roles/?q=%00", "/units/suggest/?unit=%00", "/members/?%00=1"])
def test_a_null_character_in_the_address_is_explained_in_vietnamese(user_client, path):
    response = user_client.get(path)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Địa chỉ trang có một ký tự không dùng được (%00)" in page
    assert "Null characters" not in page


def test_a_null_character_typed_into_a_form_is_explained_in_vietnamese(user_client, tree):
    response = user_client.post(reverse("units:person-create"), {"full_name": "Lò\x00Văn", "sex": "M", "unit": tree.school_a.code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "ký tự không dùng được" in page and "Null characters" not in page


def test_empty_choices_read_choose_in_forms(user_client, tree):
    for path in [reverse("units:person-create"), reverse("units:create") + f"?parent={tree.province.pk}"]:
        page = user_client.get(path).content.decode()
        assert "---------" not in page, path
        assert "— Chọn —" in page, path


def test_empty_choices_read_all_in_the_member_filter(user_client):
    page = user_client.get(reverse("units:person-list")).content.decode()
    assert "---------" not in page
    assert page.count('<option value="" selected>Tất cả</option>') >= 3  # category, sex, ethnicity, TĐKT


def test_a_required_field_says_what_to_do(user_client):
    page = user_client.post(reverse("units:person-create"), {"full_name": ""}).content.decode()
    assert "Hãy điền hoặc chọn thông tin cho ô này." in page and "Trường này là bắt buộc" not in page


def test_a_date_says_how_to_write_it(user_client, tree):
    response = user_client.post(reverse("units:person-create"), {"full_name": "Lò Văn A", "sex": "M", "unit": tree.school_a.code, "date_of_birth": "31/02/1985"})
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 07/03/1985." in response.content.decode()
