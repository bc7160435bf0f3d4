"""The menu and the home page are filled by each app from its own menu.py; the portal imports no domain app."""

import ast
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.menu import HomeBlock, MenuEntry, menu_for, registry
from tests.factories import UnitFactory, UserFactory, grant
from units.access import Role

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"units", "campaigns", "awards", "reports"}


def imported_apps(folder: Path) -> set[str]:
    found = set()
    for source in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def test_the_portal_imports_no_domain_app_and_units_none_above_it():
    assert imported_apps(ROOT / "portal") & DOMAIN_APPS == set()
    assert imported_apps(ROOT / "units") & {"campaigns", "awards", "reports"} == set()


def labels(items):
    return [(str(item.label), [str(child.label) for child in item.children]) for item in items]


def test_units_menu_follows_the_roles(cast):
    tree_, members, imports = ("Tổ chức công đoàn", []), ("Đoàn viên", []), "Nhập từ Excel"
    # campaigns/menu.py: what a role records shows only to those who record for a unit.
    campaigns = ("Phong trào thi đua", ["Tất cả phong trào", "Kế hoạch và phát động cần làm", "Điển hình tiên tiến", "Khối thi đua"])
    reading = ("Phong trào thi đua", ["Tất cả phong trào", "Điển hình tiên tiến", "Khối thi đua"])
    # The awards app's own group (awards/menu.py) sits between the imports and the accounts.
    keeper_awards = ("Khen thưởng", ["Quyết định khen thưởng", "Lập quyết định", "Quỹ khen thưởng"])
    reader_awards = ("Khen thưởng", ["Quyết định khen thưởng"])
    assert labels(menu_for(cast.chair)) == [
        tree_, campaigns, members, (imports, ["Nhập đoàn viên từ Excel", "Nhập kế hoạch và phát động"]), keeper_awards,
    ]
    assert labels(menu_for(cast.province_staff)) == [
        tree_, campaigns, members,
        (imports, ["Nhập đơn vị từ Excel", "Nhập đoàn viên từ Excel", "Nhập kế hoạch và phát động", "Nhập khen thưởng từ Excel"]),
        keeper_awards, ("Quản trị", ["Tài khoản"]),
    ]
    assert labels(menu_for(cast.nobody)) == [tree_, reading, members, reader_awards]
    cast.nobody.is_staff = True
    assert labels(menu_for(cast.nobody)) == [tree_, reading, members, reader_awards, ("Quản trị", ["Danh mục"])]


def test_the_menu_marks_the_page_the_user_is_on(cast):
    items = menu_for(cast.province_staff, "units:person-detail")
    assert [str(item.label) for item in items if item.active] == ["Đoàn viên"]
    imports = next(item for item in menu_for(cast.province_staff, "imports:people") if str(item.label) == "Nhập từ Excel")
    assert imports.active and [child.active for child in imports.children] == [False, True, False, False]


@pytest.fixture
def other_app():
    """An app the portal and units know nothing of, adding a menu entry and a home block the way an app's menu.py does."""
    entry = MenuEntry(_("Another app"), "notices:list", lambda user: user.username == "chutich.a1", order=50)

    def waiting(request):
        if not request.user.role_assignments.filter(role=Role.GRASSROOTS_CHAIR).exists():
            return None
        return {"waiting_count": 3}

    registry.add_entries(entry)
    registry.add_block(HomeBlock("tests.waiting", "tests/waiting_block.html", waiting, order=50))
    yield
    registry.entries.remove(entry)
    registry.remove_block("tests.waiting")


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}]


def test_a_new_apps_entry_and_block_show_only_to_whom_they_should(client, cast, other_app, test_templates):
    client.force_login(cast.chair)
    page = client.get(reverse("home")).content.decode()
    assert "3 chờ chutich.a1" in page
    assert ">Another app</a>" in page
    # Between the counts (order 10) and the roles (order 900).
    assert page.index("Đơn vị đang hoạt động") < page.index("3 chờ") < page.index("Vai trò của tôi")

    client.force_login(cast.officer)
    page = client.get(reverse("home")).content.decode()
    assert "chờ" not in page and "Another app" not in page


def test_home_shows_counts_and_roles(client, tree, cast):
    client.force_login(cast.officer)
    page = client.get(reverse("home")).content.decode()
    assert "Vai trò của tôi" in page and tree.district_a.name in page
    client.force_login(cast.nobody)
    assert "Bạn chưa được phân vai trò" in client.get(reverse("home")).content.decode()


def test_home_query_count_stays_flat(client, tree, cast, django_assert_num_queries):
    client.force_login(cast.officer)
    # session, user, the user's grants (menu and scoping), unread notices (bell), the unit counts
    # (one query for both), the member count, the campaigns with late units (campaigns/menu.py), roles list.
    with django_assert_num_queries(8):
        assert client.get(reverse("home")).status_code == 200
    for _ in range(20):
        unit = UnitFactory(parent=tree.district_a)
        grant(cast.officer, Role.UPPER_LEVEL_OFFICER, unit)
        grant(UserFactory(), Role.GRASSROOTS_CHAIR, unit)
    cache.clear()
    with django_assert_num_queries(8):
        assert client.get(reverse("home")).status_code == 200
    # Within a couple of minutes the counts come from the cache: no query over the area at all.
    with django_assert_num_queries(5):
        assert client.get(reverse("home")).status_code == 200


def test_home_counts_the_area_and_keep_it_a_short_while(client, tree, cast):
    client.force_login(cast.officer)
    page = client.get(reverse("home")).content.decode()
    # district_a, its two unions; the unions are grassroots.
    assert counts_shown(page) == ["3", "2", "0"]
    UnitFactory(parent=tree.district_a)
    assert counts_shown(client.get(reverse("home")).content.decode()) == ["3", "2", "0"]
    client.force_login(cast.province_staff)  # another area: counted on its own
    assert counts_shown(client.get(reverse("home")).content.decode()) == ["9", "6", "0"]
    cache.clear()  # the cached counts expire
    client.force_login(cast.officer)
    assert counts_shown(client.get(reverse("home")).content.decode()) == ["4", "3", "0"]


def counts_shown(page: str) -> list[str]:
    return re.findall(r'<div class="fs-3 fw-semibold">([^<]*)</div>', page)


def test_home_needs_a_login(client, db):
    assert client.get(reverse("home")).status_code == 302
