"""The award history: the read function the rules call, the member's and the unit's pages, the
member list's filter, and lists whose query counts stay flat."""

import datetime

import pytest
from django.urls import reverse

from awards import history, services
from tests.factories import PersonFactory, UnitFactory, make_decision


@pytest.fixture
def hoa(tree):
    return PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa")


def yearly_titles(tree, person, years, by=None):
    for year in years:
        make_decision(
            tree.school_a, people=[person], form="chien-si-thi-dua-co-so", year=year, decided_on=datetime.date(year, 12, 20), issued=True, by=by,
        )


def test_the_history_of_many_people_is_one_query(tree, hoa, django_assert_num_queries):
    others = PersonFactory.create_batch(5, unit=tree.school_a)
    yearly_titles(tree, hoa, [2023, 2024, 2025])
    make_decision(tree.school_a, people=others, form="lao-dong-tien-tien", year=2025, issued=True)
    make_decision(tree.school_a, people=[hoa], form="giay-khen", year=2025)  # a draft is not history
    with django_assert_num_queries(1):
        found = history.history_of_people([hoa.pk, *(p.pk for p in others)])
    assert [r.year for r in found[hoa.pk]] == [2025, 2024, 2023]
    assert all(r.form_code == "chien-si-thi-dua-co-so" and r.decision_reference for r in found[hoa.pk])
    assert [r.form_name for r in found[others[0].pk]] == ["Lao động tiên tiến"]
    assert history.consecutive_years(found[hoa.pk], "chien-si-thi-dua-co-so", up_to=2025) == 3
    assert history.consecutive_years(found[hoa.pk], "chien-si-thi-dua-co-so", up_to=2022) == 0


def test_a_cancelled_award_or_an_ad_hoc_one_breaks_a_chain(tree, cast, hoa):
    yearly_titles(tree, hoa, [2023, 2025])
    middle = make_decision(tree.school_a, people=[hoa], form="chien-si-thi-dua-co-so", year=2024, decided_on=datetime.date(2024, 12, 20), issued=True)
    assert history.consecutive_years(history.history_of_people([hoa.pk])[hoa.pk], "chien-si-thi-dua-co-so", up_to=2025) == 3
    correcting = services.decision_correct(decision=middle, by=cast.chair, kind="cancel", decided_on=datetime.date(2025, 3, 1))
    correcting = services.decision_issue(decision=correcting, by=cast.chair)
    records = history.history_of_people([hoa.pk])[hoa.pk]
    cancelled = next(r for r in records if r.year == 2024)
    assert not cancelled.in_force and cancelled.cancelled_by_reference == correcting.reference
    assert history.consecutive_years(records, "chien-si-thi-dua-co-so", up_to=2025) == 1
    assert history.history_of_people([hoa.pk], include_cancelled=False)[hoa.pk][-1].year == 2023
    # An ad-hoc award for 2024 does not mend the chain (domain rule 3).
    make_decision(tree.school_a, people=[hoa], form="chien-si-thi-dua-co-so", kind="dot-xuat", year=2024, issued=True)
    assert history.consecutive_years(history.history_of_people([hoa.pk])[hoa.pk], "chien-si-thi-dua-co-so", up_to=2025) == 1


def test_the_members_page_shows_their_awards_with_a_flat_number_of_queries(client, tree, cast, hoa, django_assert_max_num_queries):
    client.force_login(cast.officer)
    yearly_titles(tree, hoa, [2025])
    with django_assert_max_num_queries(11) as few:
        page = client.get(hoa.get_absolute_url()).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in page and "20/12/2025" in page
    yearly_titles(tree, hoa, range(2010, 2025))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(hoa.get_absolute_url()).content.decode()
    assert page.count("Chiến sĩ thi đua cơ sở") == 16


def test_the_units_page_shows_its_own_awards_and_its_members(client, tree, cast, hoa):
    make_decision(tree.district_a, collectives=[tree.school_a], form="giay-khen", number=12, issued=True, by=cast.officer)
    yearly_titles(tree, hoa, [2025])
    client.force_login(cast.chair)
    page = client.get(tree.school_a.get_absolute_url()).content.decode()
    assert "Khen thưởng của đơn vị" in page and "12/QĐ-CĐ" in page
    assert "Khen thưởng gần đây của đoàn viên" in page and "Lò Thị Hoa" in page


def test_the_member_list_filters_by_form_and_year(client, tree, cast, hoa):
    other = PersonFactory(unit=tree.school_a, full_name="Quàng Văn Đức")
    later = PersonFactory(unit=tree.school_a, full_name="Tòng Thị Lan")
    yearly_titles(tree, hoa, [2024])
    make_decision(tree.school_a, people=[later], form="chien-si-thi-dua-co-so", year=2025, issued=True)
    make_decision(tree.school_a, people=[other], form="lao-dong-tien-tien", year=2024, issued=True)
    from awards.models import AwardForm

    title = AwardForm.objects.get(code="chien-si-thi-dua-co-so")
    client.force_login(cast.chair)
    url = reverse("units:person-list")
    page = client.get(url, {"award_form": title.pk, "award_year": "2024"}).content.decode()
    assert "Lò Thị Hoa" in page and "Tòng Thị Lan" not in page and "Quàng Văn Đức" not in page
    page = client.get(url, {"award_form": title.pk}).content.decode()
    assert "Lò Thị Hoa" in page and "Tòng Thị Lan" in page and "Quàng Văn Đức" not in page
    page = client.get(url, {"award_year": "2024"}).content.decode()
    assert "Lò Thị Hoa" in page and "Quàng Văn Đức" in page and "Tòng Thị Lan" not in page
    assert "Năm khen thưởng" in client.get(url).content.decode()


def test_the_award_filter_leaves_out_drafts_and_cancelled_awards_and_counts_to_a_lower_cap(client, tree, cast, hoa, monkeypatch):
    from awards.models import AwardForm

    title = AwardForm.objects.get(code="chien-si-thi-dua-co-so")
    drafted = PersonFactory(unit=tree.school_a, full_name="Quàng Văn Đức")
    cancelled = PersonFactory(unit=tree.school_a, full_name="Tòng Thị Lan")
    yearly_titles(tree, hoa, [2024])
    make_decision(tree.school_a, people=[drafted], form="chien-si-thi-dua-co-so", year=2024)  # a draft: not awarded yet
    wrong = make_decision(tree.school_a, people=[cancelled], form="chien-si-thi-dua-co-so", year=2024, issued=True)
    services.decision_issue(decision=services.decision_correct(decision=wrong, by=cast.chair, kind="cancel",
                                                                decided_on=datetime.date(2025, 3, 1)), by=cast.chair)
    client.force_login(cast.chair)
    url = reverse("units:person-list")
    page = client.get(url, {"award_form": title.pk, "award_year": "2024"}).content.decode()
    assert "Lò Thị Hoa" in page and "Quàng Văn Đức" not in page and "Tòng Thị Lan" not in page
    assert "1 người" in page
    # Counting the members awarded X reads the list until cap + 1: a lower cap than the plain list's.
    for n in range(3):
        yearly_titles(tree, PersonFactory(unit=tree.school_a, full_name=f"Lò Văn Nam {n}"), [2024])
    monkeypatch.setattr("units.views.SUBQUERY_COUNT_CAP", 2)
    page = client.get(url, {"award_form": title.pk, "award_year": "2024"}).content.decode()
    assert "Có hơn 2 người" in page and "Lò Thị Hoa" in page
    assert "Có hơn" not in client.get(url).content.decode()  # the plain list keeps its own cap


def test_the_award_filter_lists_in_tree_order_and_each_member_once(client, tree, cast, settings, monkeypatch):
    # Created out of order: the list reads unit by unit (the tree's order), then names the Vietnamese way.
    dang = PersonFactory(unit=tree.school_a, full_name="Đặng Văn Bình")
    bui = PersonFactory(unit=tree.hospital_a, full_name="Bùi Văn An")
    lo = PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa")
    duong = PersonFactory(unit=tree.school_a, full_name="Dương Thị Mai")
    make_decision(tree.school_a, people=[dang, lo, duong], form="lao-dong-tien-tien", year=2024, issued=True)
    make_decision(tree.hospital_a, people=[bui], form="lao-dong-tien-tien", year=2024, issued=True)
    # Đặng and Lò hold a second award in 2024: the walk meets them twice and lists them once.
    make_decision(tree.school_a, people=[dang, lo], form="chien-si-thi-dua-co-so", year=2024, issued=True)
    settings.PAGE_SIZE = 2
    monkeypatch.setattr("awards.filters.DUPLICATES_ALLOWED", 0)  # so a page needs a second, longer read
    client.force_login(cast.officer)
    url = reverse("units:person-list")
    first = client.get(url, {"award_year": "2024"}).content.decode()
    second = client.get(url, {"award_year": "2024", "page": "2"}).content.decode()
    assert "4 người" in first
    assert first.index("Dương Thị Mai") < first.index("Đặng Văn Bình") and "Lò Thị Hoa" not in first
    assert second.index("Lò Thị Hoa") < second.index("Bùi Văn An") and "Đặng Văn Bình" not in second
    assert second.count("Lò Thị Hoa") == 1


def test_the_award_filter_orders_names_the_vietnamese_way_not_byte_by_byte(client, tree, cast):
    # Byte by byte "Âu" (Â is two bytes from 0xC3) would sort after "Lò"; the Vietnamese way it comes first.
    people = [PersonFactory(unit=tree.school_a, full_name=name) for name in ("Lò Văn Tâm", "Âu Thị Hằng", "Bùi Văn Nam")]
    make_decision(tree.school_a, people=people, form="lao-dong-tien-tien", year=2024, issued=True)
    client.force_login(cast.chair)
    page = client.get(reverse("units:person-list"), {"award_year": "2024"}).content.decode()
    assert page.index("Âu Thị Hằng") < page.index("Bùi Văn Nam") < page.index("Lò Văn Tâm")


def grow(tree, n):
    for _ in range(n):
        unit = UnitFactory(parent=tree.district_a)
        person = PersonFactory(unit=unit)
        make_decision(tree.district_a, people=[person], collectives=[unit], issued=True)


@pytest.mark.parametrize(
    "url_name, params",
    [
        ("awards:decision-list", {}),
        ("awards:decision-list", {"q": "QĐ", "year": "2025", "state": "issued"}),
        ("awards:fund-list", {}),
        ("units:person-list", {"award_year": "2025"}),
        ("units:person-list", {"award_year": "2025", "award_form": "1", "page": "2"}),
    ],
)
def test_award_lists_do_not_grow_with_rows(client, tree, cast, django_assert_max_num_queries, url_name, params):
    client.force_login(cast.officer)
    grow(tree, 3)
    services.fund_set(unit=tree.district_a, year=2025, budget=50_000_000, by=cast.officer)
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse(url_name), params).status_code == 200
    grow(tree, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name), params).status_code == 200


def test_a_decision_page_does_not_grow_with_its_awardees(client, tree, cast, django_assert_max_num_queries):
    people = PersonFactory.create_batch(3, unit=tree.school_a)
    decision = make_decision(tree.district_a, people=people, by=cast.officer)
    client.force_login(cast.officer)
    with django_assert_max_num_queries(20) as few:
        client.get(decision.get_absolute_url())
    for person in PersonFactory.create_batch(30, unit=tree.hospital_a):
        services.award_add(decision=decision, by=cast.officer, person=person, form=decision.awards.first().form, award_type=decision.awards.first().award_type)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(decision.get_absolute_url()).content.decode().count("Giấy khen") >= 33
