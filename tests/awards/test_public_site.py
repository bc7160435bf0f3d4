"""The public part is one site: the exemplars of the campaigns, the honour board and the verification
page share one layout (templates/public/base.html) whose navigation links the exemplars and the honour
board to each other, sets no cookie, runs no script, and never shows a citizen ID or a date of birth."""

import datetime
import re

import pytest
from django.urls import reverse

from awards import services
from campaigns.models import Exemplar
from tests.campaigns.test_exemplars import make_exemplar
from tests.factories import PersonFactory, make_decision

CITIZEN_ID = "011085004321"
BORN = datetime.date(1985, 3, 17)


@pytest.fixture
def site(tree, cast):
    person = PersonFactory(unit=tree.school_a, full_name="Lò Văn Mừng", citizen_id=CITIZEN_ID, date_of_birth=BORN)
    decision = make_decision(tree.province, people=[person], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    award = decision.awards.get()
    services.award_update(award=award, by=cast.province_staff, published=True)
    exemplar = make_exemplar(tree.school_a, cast.chair, kind=Exemplar.Kind.PERSON, person=person, title="Lò Văn Mừng",
                             description="Giáo viên dạy giỏi nhiều năm liền.", published_by=cast.officer)
    return {
        "public:exemplars": reverse("public:exemplars"),
        "public:exemplar": reverse("public:exemplar", args=[exemplar.public_token]),
        "awards_public:honour-board": reverse("awards_public:honour-board"),
        "awards_public:verify": reverse("awards_public:verify", args=[award.token]),
    }


def nav_links(page: str) -> dict[str, bool]:
    """The shared navigation's links: address → whether it is marked as the current page."""
    nav = re.search(r'<nav aria-label="Các trang công khai" id="public-nav">(.*?)</nav>', page, re.S)
    assert nav, "no shared public navigation"
    return {href: "aria-current" in rest for href, rest in re.findall(r'<a class="nav-link[^"]*" href="([^"]+)"([^>]*)>', nav.group(1))}


def test_every_public_page_links_the_exemplars_and_the_honour_board(client, site):
    exemplars, board = site["public:exemplars"], site["awards_public:honour-board"]
    for name, url in site.items():
        response = client.get(url)
        assert response.status_code == 200, name
        links = nav_links(response.content.decode())
        assert exemplars in links and board in links and reverse("login") in links, name
        # The page one is on says so (a screen reader reads "current page"); the others do not.
        assert links[exemplars] is (name == "public:exemplars") and links[board] is (name == "awards_public:honour-board"), name


def test_the_honour_board_and_the_exemplars_look_like_one_site(client, site):
    exemplars = client.get(site["public:exemplars"]).content.decode()
    board = client.get(site["awards_public:honour-board"]).content.decode()
    header = lambda page: re.search(r"<header.*?</header>", page, re.S).group(0)  # noqa: E731
    # The same header, apart from which link is the current one.
    assert re.sub(r' active| aria-current="page"', "", header(exemplars)) == re.sub(r' active| aria-current="page"', "", header(board))
    assert "Thi đua – Khen thưởng" in header(board)


def test_public_pages_set_no_cookie_run_no_script_and_show_nothing_private(client, site):
    for name, url in site.items():
        response = client.get(url)
        page = response.content.decode()
        assert not response.cookies, name  # no session, no CSRF cookie: a proxy may keep the page
        assert "<script" not in page, name
        for private in [CITIZEN_ID, BORN.strftime("%d/%m/%Y"), BORN.isoformat(), "17/3/1985"]:
            assert private not in page, (name, private)
    assert "Lò Văn Mừng" in client.get(site["awards_public:honour-board"]).content.decode()


def test_the_login_page_links_both_public_pages(client, site):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{site["public:exemplars"]}"' in page and f'href="{site["awards_public:honour-board"]}"' in page
