"""A number typed into a URL or a form never reaches the database unbounded: past 2^63 SQLite says
"datatype mismatch" and PostgreSQL "bigint out of range", which the user saw as a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.params import DB_INT_MAX, bounded_int
from tests.factories import PersonFactory
from units.paging import CappedPaginator

HUGE = "99999999999999999999"  # past 2^63 - 1


@pytest.fixture
def user_client(cast):
    """Server errors become the 500 page (as for a real user) instead of raising in the test."""
    client = Client(raise_request_exception=False)
    client.force_login(cast.province_staff)
    return client


@pytest.mark.parametrize("start", [HUGE, str(DB_INT_MAX), "-5", "²", "12abc", ""])
def test_showing_more_units_with_any_start_is_a_page_not_a_server_error(user_client, tree, start):
    response = user_client.get(reverse("units:children", args=[tree.province.pk]), {"start": start})
    assert response.status_code == 200
    assert tree.district_a.name in response.content.decode()  # taken as the first batch


@pytest.mark.parametrize(
    "path",
    [f"/units/{HUGE}/", f"/units/{HUGE}/children/", f"/members/{HUGE}/", f"/members/{HUGE}/edit/", f"/units/{DB_INT_MAX + 1}/"],
)
def test_an_id_past_the_largest_is_not_found(user_client, path):
    response = user_client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_the_largest_id_is_still_looked_up(user_client):
    assert user_client.get(f"/units/{DB_INT_MAX}/").status_code == 404


@pytest.mark.parametrize("param", ["parent", "unit"])
def test_an_id_past_the_largest_in_the_query_is_not_found(user_client, param):
    path = reverse("units:create") if param == "parent" else reverse("units:person-create")
    assert user_client.get(path, {param: HUGE}).status_code == 404


@pytest.fixture
def long_list(tree, monkeypatch):
    """More members than the count cap (lowered to 3), so that any page number may be asked for."""
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    PersonFactory.create_batch(5, unit=tree.school_a)


@pytest.mark.parametrize("number", [HUGE, "1000000", "-1", "²"])
def test_a_huge_page_number_is_a_page(user_client, long_list, number):
    response = user_client.get(reverse("units:person-list"), {"page": number})
    assert response.status_code == 200


def test_a_huge_page_of_a_units_children_is_a_page(user_client, tree):
    response = user_client.get(tree.province.get_absolute_url(), {"children": HUGE})
    assert response.status_code == 200 and tree.district_a.name in response.content.decode()


def test_a_huge_unit_in_the_member_filter_says_it_is_not_in_the_list(user_client, tree):
    response = user_client.get(reverse("units:person-list"), {"unit": HUGE})
    assert response.status_code == 200
    assert "không có trong danh sách" in response.content.decode()


def test_a_huge_year_for_the_counts_opens_this_year(user_client, tree):
    response = user_client.get(reverse("units:counts", args=[tree.school_a.pk]), {"year": HUGE})
    assert response.status_code == 200
    assert f'value="{timezone.localdate().year}"' in response.content.decode()


def test_a_huge_count_in_the_form_gets_the_limit_in_vietnamese(user_client, tree):
    response = user_client.post(
        reverse("units:counts", args=[tree.school_a.pk]), {"year": "2025", "members": HUGE, "workers": "1e5", "women": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giá trị phải nhỏ hơn hoặc bằng 100000000." in page
    assert "Hãy nhập một số nguyên" in page
    assert "9223372036854775807" not in page and "tổng thể" not in page


def test_bounded_int_reads_only_plain_whole_numbers_within_bounds():
    def read(value):
        return bounded_int(value, default=None, min_value=0, max_value=10)

    assert [read(v) for v in ["7", " 7 ", "+7", "0", "10"]] == [7, 7, 7, 0, 10]
    assert [read(v) for v in [None, "", "11", "-1", "7.0", "1e3", "٣", "²", HUGE, "9" * 5000]] == [None] * 10
