"""A search stops at SEARCH_MAX_PAGE pages and says so in Vietnamese: a deeper page number shows the
last page a search reaches, with no "next" after it; a list that is not a search pages on."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PersonFactory
from units import paging, views

STOPPED = "Kết quả tìm kiếm chỉ hiện đến trang 3 (6 người đầu tiên theo tên)."


@pytest.fixture
def many_nguyen(tree, monkeypatch):
    monkeypatch.setattr(settings, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "SEARCH_MAX_PAGE", 3)
    for given in "ABCDEFGHI":  # 9 people: 5 pages of 2 without the stop
        PersonFactory(unit=tree.school_a, full_name=f"Nguyễn Văn {given}")


def names(response):
    return [person.full_name for person in response.context["page"]]


def test_a_search_stops_at_its_last_page_and_asks_for_a_word_more(client, cast, many_nguyen):
    client.force_login(cast.province_staff)
    url = reverse("units:person-list")
    page_2 = client.get(url, {"q": "nguyen", "page": 2})
    assert names(page_2) == ["Nguyễn Văn C", "Nguyễn Văn D"]
    assert STOPPED not in page_2.content.decode() and page_2.context["page"].has_next()
    page_3 = client.get(url, {"q": "nguyen", "page": 3})
    assert names(page_3) == ["Nguyễn Văn E", "Nguyễn Văn F"]
    text = page_3.content.decode()
    assert STOPPED in text
    assert "page=4" not in text and not page_3.context["page"].has_next()
    # Page 4, or a page number typed by hand far past it: the last page a search reaches, with the message.
    for asked in (4, 500, 999_999):
        deeper = client.get(url, {"q": "nguyen", "page": asked})
        assert deeper.status_code == 200
        assert names(deeper) == ["Nguyễn Văn E", "Nguyễn Văn F"] and STOPPED in deeper.content.decode()


def test_a_search_that_ends_before_the_stop_says_nothing(client, cast, many_nguyen):
    client.force_login(cast.province_staff)
    response = client.get(reverse("units:person-list"), {"q": "nguyen van a"})
    assert names(response) == ["Nguyễn Văn A"]
    assert "Kết quả tìm kiếm chỉ hiện" not in response.content.decode()


def test_the_member_list_without_a_search_pages_past_the_stop(client, cast, many_nguyen):
    client.force_login(cast.province_staff)
    response = client.get(reverse("units:person-list"), {"page": 5})
    assert response.context["page"].number == 5
    assert "Kết quả tìm kiếm chỉ hiện" not in response.content.decode()


def test_the_stop_is_twenty_pages():
    assert paging.SEARCH_MAX_PAGE == views.SEARCH_MAX_PAGE == 20
