"""Accent-insensitive search works the same on SQLite and PostgreSQL (the suite runs on both)."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory
from units.models import Person, Unit, vi_order
from units.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Điện Biên Phủ", "dien bien phu"), ("  Lò   Thị Ưng ", "lo thi ung"), ("H'Mông", "h'mong"), ("ĐOÀN", "doan")],
)
def test_fold_strips_vietnamese_marks(text, folded):
    assert fold(text) == folded


def test_unit_search_ignores_accents_and_case(tree):
    UnitFactory(code="CDCS-DBP9", name="Công đoàn Phường Mường Thanh, Điện Biên Phủ", parent=tree.district_a)
    assert set(Unit.objects.search("dien bien phu").values_list("code", flat=True)) == {"TP-DBP", "CDCS-DBP9"}
    assert list(Unit.objects.search("muong thanh").values_list("code", flat=True)) == ["CDCS-DBP9"]
    assert set(Unit.objects.search("DIỆN").values_list("code", flat=True)) == set(Unit.objects.search("dien").values_list("code", flat=True))
    # "d" finds "đ": every unit called "Công đoàn …" matches "doan".
    assert Unit.objects.search("cong doan").count() == Unit.objects.filter(name__startswith="Công đoàn").count()


def test_person_search_ignores_accents_and_finds_every_word(tree):
    PersonFactory(unit=tree.school_a, full_name="Nguyễn Văn Hùng")
    PersonFactory(unit=tree.school_a, full_name="Nguyễn Thị Hương")
    PersonFactory(unit=tree.school_b, full_name="Lò Thị Đào")
    assert list(Person.objects.search("nguyen van hung").values_list("full_name", flat=True)) == ["Nguyễn Văn Hùng"]
    assert list(Person.objects.search("lo thi dao").values_list("full_name", flat=True)) == ["Lò Thị Đào"]
    assert list(Person.objects.search("d").values_list("full_name", flat=True)) == ["Lò Thị Đào"]
    assert set(Person.objects.search("NGUYEN").values_list("full_name", flat=True)) == {"Nguyễn Văn Hùng", "Nguyễn Thị Hương"}


def test_the_admin_searches_people_like_the_member_list(admin_client, tree):
    PersonFactory(unit=tree.school_a, full_name="Lò Thị Đào", citizen_id="011085000777")
    PersonFactory(unit=tree.school_b, full_name="Lường Văn Đông")
    url = reverse("admin:units_person_changelist")
    for query in ["lo thi dao", "dao lo", "011085"]:
        found = admin_client.get(url, {"q": query}).context["cl"].result_list
        assert [person.full_name for person in found] == ["Lò Thị Đào"], query


def test_person_search_by_citizen_id_prefix(tree):
    PersonFactory(unit=tree.school_a, full_name="Quàng Văn Toán", citizen_id="011085000123")
    PersonFactory(unit=tree.school_a, full_name="Cà Văn Nam", citizen_id="012090000456")
    assert list(Person.objects.search("011085").values_list("full_name", flat=True)) == ["Quàng Văn Toán"]


def test_search_box_on_the_member_list(client, tree, cast):
    PersonFactory(unit=tree.school_a, full_name="Điêu Chính Tới")
    client.force_login(cast.officer)
    page = client.get(reverse("units:person-list"), {"q": "dieu chinh toi"}).content.decode()
    assert "Điêu Chính Tới" in page


def test_names_sort_the_vietnamese_way(tree):
    for name in ["Đặng Văn Bình", "Dương Thị Hoa", "Ánh Nguyệt", "Bùi Văn An"]:
        PersonFactory(unit=tree.school_a, full_name=name)
    assert list(Person.objects.order_by(vi_order("full_name")).values_list("full_name", flat=True)) == [
        "Ánh Nguyệt", "Bùi Văn An", "Dương Thị Hoa", "Đặng Văn Bình"
    ]


def test_member_count_is_capped_so_huge_lists_stay_cheap(client, tree, cast, monkeypatch):
    from units.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    PersonFactory.create_batch(5, unit=tree.school_a)
    client.force_login(cast.chair)
    response = client.get(reverse("units:person-list"))
    assert response.context["page"].paginator.is_capped
    assert len(response.context["page"].object_list) == 5  # the page itself is complete


def test_search_words_in_any_order_the_last_one_as_a_prefix(tree):
    PersonFactory(unit=tree.school_a, full_name="Nguyễn Văn Hùng")
    PersonFactory(unit=tree.school_a, full_name="Nguyễn Văn Hưng Thịnh")
    PersonFactory(unit=tree.school_a, full_name="Hoàng Văn Nguyên")
    assert set(Person.objects.search("hung nguyen").values_list("full_name", flat=True)) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng Thịnh"}
    assert set(Person.objects.search("hung ngu").values_list("full_name", flat=True)) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng Thịnh"}
    assert set(Person.objects.search("nguyen van hu").values_list("full_name", flat=True)) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng Thịnh"}
    # A long last word is a whole word: "nguyen van hung" does not find "Nguyễn Văn Hưngthịnh".
    PersonFactory(unit=tree.school_a, full_name="Nguyễn Văn Hưngthịnh")
    assert "Nguyễn Văn Hưngthịnh" not in set(Person.objects.search("nguyen van hung").values_list("full_name", flat=True))
    assert "Nguyễn Văn Hưngthịnh" in set(Person.objects.search("hungthi").values_list("full_name", flat=True))
    # Earlier words are whole words: "nguy" is not the word "nguyen".
    assert not Person.objects.search("nguy van").exists()


def test_unit_codes_and_punctuation_are_searchable(tree):
    assert list(Unit.objects.search("cdcs-a1").values_list("code", flat=True)) == ["CDCS-A1"]
    assert list(Unit.objects.search("CDCS A1").values_list("code", flat=True)) == ["CDCS-A1"]


def test_search_results_are_by_name_and_not_counted(client, tree, cast):
    for name in ["Lò Văn Bình", "Lò Thị An", "Cà Văn Lò"]:
        PersonFactory(unit=tree.school_a, full_name=name)
    client.force_login(cast.chair)
    response = client.get(reverse("units:person-list"), {"q": "lo"})
    assert [p.full_name for p in response.context["page"]] == ["Cà Văn Lò", "Lò Thị An", "Lò Văn Bình"]
    assert not response.context["page"].paginator.counted
    assert not response.context["page"].has_next()


def test_deep_pages_keep_their_order(client, tree, cast, monkeypatch):
    from django.conf import settings

    monkeypatch.setattr(settings, "PAGE_SIZE", 2)
    PersonFactory.create_batch(5, unit=tree.school_a)
    client.force_login(cast.chair)
    seen = []
    for number in (1, 2, 3):
        seen += [p.pk for p in client.get(reverse("units:person-list"), {"page": number}).context["page"]]
    assert seen == list(Person.objects.in_tree_order().values_list("pk", flat=True))
