"""The public verification page a certificate's QR code opens: what it shows (and never shows),
"cancelled" after a cancelling decision, and a plain 404 for anything else."""

import datetime

import pytest
from django.urls import reverse

from awards import services
from tests.factories import PersonFactory, make_decision


@pytest.fixture
def hoa(tree):
    return PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa", citizen_id="011190001234", date_of_birth=datetime.date(1988, 3, 7))


@pytest.fixture
def issued(tree, cast, hoa):
    decision = make_decision(tree.province, people=[hoa], form="bang-khen-ldld-tinh", by=cast.province_staff, year=2025, decided_on=datetime.date(2025, 12, 15))
    return services.decision_issue(decision=decision, by=cast.province_staff, number=125, confirm_over_budget=True)


def test_the_page_shows_the_award_to_anyone_and_nothing_private(client, issued, hoa):
    award = issued.awards.get()
    response = client.get(reverse("awards_public:verify", args=[award.token]))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ["Lò Thị Hoa", "Công đoàn Trường THPT Phan Đình Giót", "Bằng khen của Ban Chấp hành LĐLĐ tỉnh", "2025",
                  "125/QĐ-LĐLĐ", "15/12/2025", "Liên đoàn Lao động tỉnh Điện Biên", "Khen thưởng này là thật và đang có hiệu lực"]:
        assert shown in page, shown
    for private in ["011190001234", "07/03/1988", "1988", "2.340.000", reverse("units:person-detail", args=[hoa.pk])]:
        assert private not in page, private
    assert response["X-Robots-Tag"].startswith("noindex")


def test_after_a_cancelling_decision_it_says_cancelled(client, cast, issued):
    award = issued.awards.get()
    correction = services.decision_correct(decision=issued, by=cast.province_staff, kind="cancel", decided_on=datetime.date(2026, 2, 3))
    url = reverse("awards_public:verify", args=[award.token])
    assert "đã bị hủy bỏ" not in client.get(url).content.decode()  # a draft correction changes nothing yet
    services.decision_issue(decision=correction, by=cast.province_staff)
    page = client.get(url).content.decode()
    assert "Khen thưởng này đã bị hủy bỏ bởi một quyết định sau" in page
    correction.refresh_from_db()
    assert f"Quyết định số {correction.reference} ngày 03/02/2026" in page
    assert "Bằng/giấy khen không còn giá trị" in page
    assert "đang có hiệu lực" not in page


def test_after_an_amending_decision_it_says_amended(client, cast, issued):
    award = issued.awards.get()
    correction = services.decision_correct(decision=issued, by=cast.province_staff, kind="amend", decided_on=datetime.date(2026, 2, 3))
    services.decision_issue(decision=correction, by=cast.province_staff)
    page = client.get(reverse("awards_public:verify", args=[award.token])).content.decode()
    assert "đã được sửa đổi" in page
    new = correction.awards.get()
    assert "đang có hiệu lực" in client.get(reverse("awards_public:verify", args=[new.token])).content.decode()


def test_an_unknown_token_or_a_drafts_award_is_a_plain_404(client, tree, cast, hoa):
    assert client.get(reverse("awards_public:verify", args=["khong-co-ma-nay-0123456789"])).status_code == 404
    draft = make_decision(tree.province, people=[hoa], form="bang-khen-ldld-tinh", by=cast.province_staff)
    response = client.get(reverse("awards_public:verify", args=[draft.awards.get().token]))
    assert response.status_code == 404
    assert "Lò Thị Hoa" not in response.content.decode()


def test_the_page_is_a_fixed_number_of_queries(client, issued, django_assert_max_num_queries):
    award = issued.awards.get()
    with django_assert_max_num_queries(3):
        client.get(reverse("awards_public:verify", args=[award.token]))
