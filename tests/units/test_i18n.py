"""Vietnamese by default, English on request; dates day first in both."""

from django.urls import reverse


def test_pages_are_in_vietnamese_by_default(client, cast):
    client.force_login(cast.chair)
    page = client.get(reverse("units:tree")).content.decode()
    assert "Tổ chức công đoàn" in page and "Đăng xuất" in page
    assert '<html lang="vi">' in page


def test_english_can_be_chosen(client, cast):
    client.force_login(cast.chair)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("units:tree")).content.decode()
    assert "Union tree" in page and "Log out" in page


def test_dates_show_day_first(client, tree, cast):
    client.force_login(cast.province_staff)
    page = client.get(tree.province.get_absolute_url()).content.decode()
    assert "01/01/2015" in page


def test_the_health_check_answers_without_a_login(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"
