"""The logged-in base page (/healthz/page/), the HTTP benchmark's ceiling: base.html for a signed-in user, nothing else."""

from django.test.utils import CaptureQueriesContext
from django.db import connection

from tests.factories import UserFactory, grant
from units.access import Role


def test_it_asks_to_sign_in_first(client, db):
    response = client.get("/healthz/page/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_it_reads_only_what_every_page_reads(client, tree):
    user = UserFactory()
    grant(user, Role.UPPER_LEVEL_OFFICER, tree.district_a)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/page/")
    assert response.status_code == 200
    assert "Trang nền" in response.content.decode()
    tables = {table for query in queries.captured_queries for table in ("django_session", "auth_user", "units_roleassignment", "notices_notice") if table in query["sql"]}
    # The session, the user, their roles (the menu) and the bell's unread count: what every page pays.
    assert tables == {"django_session", "auth_user", "units_roleassignment", "notices_notice"}
    assert len(queries.captured_queries) == 4, [q["sql"] for q in queries.captured_queries]
