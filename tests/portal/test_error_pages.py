"""Error pages speak Vietnamese in the portal's layout; the 500 page needs neither the database nor
the request's context, so it still shows when the database is what failed."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


@pytest.fixture
def user_client(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.chair)
    return client


def test_the_404_page_is_in_vietnamese_with_the_menu(user_client):
    response = user_client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy" in page and "Đăng xuất" in page


def test_the_403_page_is_in_vietnamese(user_client):
    response = user_client.get(reverse("units:role-list"))
    assert response.status_code == 403
    assert "Vai trò của bạn không được phép" in response.content.decode()


@pytest.mark.urls("tests.portal.urls_boom")
def test_the_500_page_is_in_vietnamese_and_looks_like_the_portal(user_client):
    response = user_client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in page and "Hãy đợi một phút" in page
    assert "Server Error" not in page
    assert '<html lang="vi">' in page and "/static/css/portal.css" in page and "bg-portal" in page


def test_the_500_page_shows_without_the_database(rf: RequestFactory):
    # No `db` fixture: pytest-django refuses any query, as a database that is down would.
    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Lỗi máy chủ" in response.content.decode()


def test_the_400_page_is_in_vietnamese_with_the_menu(user_client):
    from portal.errors import bad_request

    request = RequestFactory().get("/")
    request.user = user_client.get("/").wsgi_request.user
    response = bad_request(request)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in page and "Đăng xuất" in page


def test_a_bad_host_gets_the_400_page_in_vietnamese(settings):
    settings.ALLOWED_HOSTS = ["portal.example"]
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in response.content.decode()


def test_a_form_sent_after_its_token_expired_explains_to_reload(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.chair)
    referer = "http://testserver" + reverse("units:person-create")
    response = client.post(reverse("units:person-create"), {"full_name": "Lò Văn A"}, HTTP_REFERER=referer)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page and "tải lại trang" in page
    assert f'href="{referer}"' in page  # back to the form
    assert "CSRF verification" not in page and "Đăng xuất" in page
