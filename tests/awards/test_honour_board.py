"""The public honour board: only the awards their issuing unit published, still in force; nothing
private; searchable without accents; paginated in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from awards import services
from tests.factories import PersonFactory, make_decision


def publish(award, by):
    return services.award_update(award=award, by=by, published=True)


@pytest.fixture
def board(tree, cast):
    people = {
        name: PersonFactory(unit=tree.school_a, full_name=name, citizen_id=cid)
        for name, cid in [("Lò Thị Hoa", "011190000001"), ("Nguyễn Văn Hùng", "011190000002"), ("Đặng Thị Ưng", "011190000003")]
    }
    decision = make_decision(tree.province, people=list(people.values()), form="bang-khen-ldld-tinh", by=cast.province_staff, year=2025)
    hoa = decision.awards.get(awardee_name="Lò Thị Hoa")
    services.award_update(award=hoa, by=cast.province_staff, citation="Hoàn thành xuất sắc nhiệm vụ năm 2025")
    decision = services.decision_issue(decision=decision, by=cast.province_staff, confirm_over_budget=True)
    awards = {a.awardee_name: a for a in decision.awards.all()}
    publish(awards["Lò Thị Hoa"], cast.province_staff)
    publish(awards["Đặng Thị Ưng"], cast.province_staff)
    return decision, awards


def test_only_published_awards_show_with_nothing_private(client, board):
    page = client.get(reverse("awards_public:honour-board")).content.decode()
    assert "Lò Thị Hoa" in page and "Đặng Thị Ưng" in page
    assert "Nguyễn Văn Hùng" not in page  # not published
    assert "Hoàn thành xuất sắc nhiệm vụ năm 2025" in page
    assert "Công đoàn Trường THPT Phan Đình Giót" in page and "Bằng khen của Ban Chấp hành LĐLĐ tỉnh" in page
    for private in ["011190000001", "2.340.000"]:
        assert private not in page


def test_it_is_searchable_without_accents(client, board):
    url = reverse("awards_public:honour-board")
    page = client.get(url, {"q": "dang thi ung"}).content.decode()
    assert "Đặng Thị Ưng" in page and "Lò Thị Hoa" not in page
    page = client.get(url, {"q": "LO HOA"}).content.decode()
    assert "Lò Thị Hoa" in page and "Đặng Thị Ưng" not in page
    page = client.get(url, {"q": "phan dinh giot"}).content.decode()  # by the unit
    assert "Lò Thị Hoa" in page and "Đặng Thị Ưng" in page
    assert "Không có khen thưởng công bố nào khớp" in client.get(url, {"q": "hung"}).content.decode()
    assert "Lò Thị Hoa" not in client.get(url, {"year": "2024"}).content.decode()


def test_a_cancelled_award_leaves_the_board(client, cast, board):
    decision, awards = board
    correction = services.decision_correct(decision=decision, by=cast.province_staff, kind="cancel", decided_on=datetime.date(2026, 1, 5), awards=[awards["Lò Thị Hoa"]])
    services.decision_issue(decision=correction, by=cast.province_staff)
    page = client.get(reverse("awards_public:honour-board")).content.decode()
    assert "Lò Thị Hoa" not in page and "Đặng Thị Ưng" in page


def test_pages_are_a_fixed_number_of_queries(client, tree, cast, django_assert_num_queries):
    from awards.public import BOARD_PAGE

    people = [PersonFactory(unit=tree.hospital_a) for _ in range(BOARD_PAGE + 5)]
    decision = make_decision(tree.province, people=people, form="bang-khen-ldld-tinh", by=cast.province_staff)
    decision = services.decision_issue(decision=decision, by=cast.province_staff, confirm_over_budget=True)
    from awards.models import Award

    Award.objects.filter(decision=decision).update(published=True)
    url = reverse("awards_public:honour-board")
    with django_assert_num_queries(3) as first:  # the count, the page's ids, its rows
        page = client.get(url).content.decode()
    assert page.count('class="border rounded p-3 mb-2"') == BOARD_PAGE
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(url, {"page": 2, "q": "a"}).content.decode()
    assert page.count('class="border rounded p-3 mb-2"') == 5, page[page.find("<main"):][:3000]
