"""The rules of blocs, asked of the services: the sheet's sum rule, scores in range, the deadline,
the reason rule, ranking with ties, rating bands at their edges, the lock after the review."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from blocs import handover, kpi, ranking, services, sheets
from blocs.models import Bloc, BlocMember, RatingBand, Score
from blocs.sheets import SheetLine
from tests.blocs.conftest import SHEET, K, criteria_by_code
from units.access import Role
from tests.factories import user_with_role

D = Decimal
IN_TIME = datetime.date(2025, 11, 30)
LATE = datetime.date(2025, 12, 1)


def test_sheet_whose_criteria_do_not_add_up_is_refused_naming_the_group_and_the_gap(blocs, cast):
    lines = [line if line.code != "1.2" else SheetLine("1.2", line.name, K.ITEM, D("18.5")) for line in SHEET]
    lines.append(SheetLine("2.3", "Thêm", K.ITEM, D(2)))
    with pytest.raises(ValidationError) as refused:
        sheets.sheet_save(bloc=blocs.districts, lines=lines, by=cast.province_staff)
    messages = refused.value.messages
    assert any("Nhóm 1" in m and "38,5" in m and "thiếu 1,5 điểm" in m for m in messages)
    assert any("Nhóm 2" in m and "62" in m and "thừa 2 điểm" in m for m in messages)
    assert len(criteria_by_code(blocs.districts)) == len(SHEET)  # the old sheet is still there


def test_criterion_outside_any_group_is_refused(blocs, cast):
    with pytest.raises(ValidationError, match="không thuộc nhóm nào"):
        sheets.check(SHEET + [SheetLine("3.1", "Lạc", K.ITEM, D(1))])


def test_sheet_is_frozen_once_scoring_opens_and_copies_from_last_year(blocs, cast, tree):
    blocs.open(blocs.districts)
    with pytest.raises(ValidationError, match="bảng điểm đã khóa"):
        sheets.sheet_save(bloc=blocs.districts, lines=SHEET, by=cast.province_staff)
    next_year = services.bloc_create(by=cast.province_staff, organiser=tree.province, year=2026, name="Khối các LĐLĐ huyện")
    sheets.sheet_copy(bloc=next_year, source=blocs.districts, by=cast.province_staff)
    assert [c.code for c in sheets.lines_of(next_year)] == [line.code for line in SHEET]
    assert Bloc.objects.get(pk=next_year.pk).sheet_copied_from_id == blocs.districts.pk


def test_a_unit_sits_in_one_bloc_a_year(blocs, cast, tree):
    with pytest.raises(ValidationError, match="đã thuộc khối"):
        services.member_add(bloc=blocs.direct, unit=tree.district_a, by=cast.province_staff)


def test_scores_out_of_range_are_refused_and_nothing_is_written(blocs, cast, tree):
    blocs.open(blocs.districts)
    chair_a = cast.officer  # district A's officer scores district A
    c = criteria_by_code(blocs.districts)
    with pytest.raises(ValidationError) as refused:
        services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(20), c["1.2"].pk: D("20.01"), c["2.1"].pk: D(-1)}, by=chair_a, today=IN_TIME)
    assert len(refused.value.messages) == 2
    assert not Score.objects.exists()


def test_self_score_after_the_deadline_is_refused(blocs, cast):
    blocs.open(blocs.districts)
    c = criteria_by_code(blocs.districts)
    services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(18)}, by=cast.officer, today=IN_TIME)
    with pytest.raises(ValidationError, match="30/11/2025"):
        services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(19)}, by=cast.officer, today=LATE)
    assert Score.objects.get().self_points == D(18)


def test_only_the_member_itself_self_scores(blocs, cast):
    blocs.open(blocs.districts)
    c = criteria_by_code(blocs.districts)
    with pytest.raises(PermissionDenied):
        services.self_score(member=blocs.member_b, points={c["1.1"].pk: D(18)}, by=cast.officer, today=IN_TIME)
    with pytest.raises(PermissionDenied):
        services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(18)}, by=cast.province_staff, today=IN_TIME)


def test_official_score_that_differs_needs_a_reason(blocs, cast):
    blocs.open(blocs.districts)
    c = criteria_by_code(blocs.districts)
    services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(18), c["1.2"].pk: D(20)}, by=cast.officer, today=IN_TIME)
    with pytest.raises(ValidationError, match="hãy nêu lý do"):
        services.official_score(member=blocs.member_a, entries={c["1.1"].pk: (D(15), "  "), c["1.2"].pk: (D(20), "")}, by=cast.province_staff)
    services.official_score(
        member=blocs.member_a, entries={c["1.1"].pk: (D(15), "Kế hoạch ban hành chậm 2 tháng"), c["1.2"].pk: (D(20), "")}, by=cast.province_staff
    )
    score = Score.objects.get(criterion=c["1.1"])
    assert (score.self_points, score.official_points, score.points, score.changed) == (D(18), D(15), D(15), True)
    assert score.official_reason == "Kế hoạch ban hành chậm 2 tháng"


def _score_all(blocs, cast, member, values: dict):
    c = criteria_by_code(member.bloc)
    services.official_score(member=member, entries={c[code].pk: (D(v), "") for code, v in values.items()}, by=cast.province_staff)


def test_ranking_shows_ties_as_ties_and_penalties_take_points_off(blocs, cast, tree):
    staff = cast.province_staff
    extra = [tree.school_a, tree.hospital_a, tree.clinic_b]
    members = [blocs.member_a, blocs.member_b] + [services.member_add(bloc=blocs.districts, unit=u, by=staff) for u in extra]
    blocs.open(blocs.districts)
    totals = [
        {"1.1": 20, "1.2": 20, "2.1": 30, "2.2": 25},  # 95
        {"1.1": 20, "1.2": 20, "2.1": 30, "2.2": 20, "T1": 5},  # 95
        {"1.1": 20, "1.2": 20, "2.1": 30, "2.2": 30, "P1": 2},  # 98
        {"1.1": 20, "1.2": 20, "2.1": 25, "2.2": 20},  # 85
        {"1.1": 20, "1.2": 20, "2.1": 20, "2.2": 24.99},  # 84.99
    ]
    for member, values in zip(members, totals):
        _score_all(blocs, cast, member, {k: str(v) for k, v in values.items()})
    table = ranking.standings(Bloc.objects.get(pk=blocs.districts.pk))
    assert [(s.total, s.rank, s.rating) for s in table] == [
        (D(98), 1, "Xuất sắc"), (D(95), 2, "Xuất sắc"), (D(95), 2, "Xuất sắc"), (D(85), 4, "Tốt"), (D("84.99"), 5, "Khá"),
    ]


@pytest.mark.parametrize("total, rating", [(D(95), "Xuất sắc"), (D("94.99"), "Tốt"), (D(85), "Tốt"), (D("84.99"), "Khá"), (D(0), "Khá")])
def test_rating_bands_at_their_edges(total, rating):
    bands = [RatingBand(label="Xuất sắc", min_total=D(95)), RatingBand(label="Tốt", min_total=D(85)), RatingBand(label="Khá", min_total=D(0))]
    assert ranking.rating_for(total, bands) == rating


def test_bands_are_set_per_bloc(blocs, cast):
    services.bands_save(bloc=blocs.districts, bands=[services.BandLine("Xuất sắc", D(90)), services.BandLine("Hoàn thành", D(0))], by=cast.province_staff)
    assert ranking.rating_for(D(91), blocs.districts.bands.all()) == "Xuất sắc"
    assert ranking.rating_for(D(91), blocs.direct.bands.all()) == "Tốt"


def test_review_locks_scores_counts_for_kpi5_and_hands_over_the_acclaimed_member(blocs, cast, tree):
    from campaigns.models import Title

    blocs.open(blocs.districts)
    c = criteria_by_code(blocs.districts)
    services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(18)}, by=cast.officer, today=IN_TIME)
    flag = Title.objects.get_or_create(code="co-thi-dua-ldld-tinh", defaults={"name": "Cờ thi đua của LĐLĐ tỉnh", "for_collective": True})[0]
    assert kpi.bloc_reviews(cast.province_staff, 2025) == kpi.BlocReviews(year=2025, blocs=2, reviewed=0, counted=0)
    services.review_record(
        bloc=blocs.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 20), acclaimed=blocs.member_a, proposed_title=flag,
        practices=[services.PracticeLine(title="Mô hình “Bữa cơm công đoàn”", presented_by=blocs.member_b)],
    )
    with pytest.raises(ValidationError, match="điểm đã được khóa"):
        services.official_score(member=blocs.member_a, entries={c["1.1"].pk: (D(18), "")}, by=cast.province_staff)
    with pytest.raises(ValidationError, match="điểm đã được khóa"):
        services.self_score(member=BlocMember.objects.get(pk=blocs.member_a.pk), points={c["1.1"].pk: D(1)}, by=cast.officer, today=IN_TIME)
    assert kpi.bloc_reviews(cast.province_staff, 2025) == kpi.BlocReviews(year=2025, blocs=2, reviewed=1, counted=1)
    [proposal] = handover.open_proposals(cast.province_staff, 2025)
    assert (proposal.unit_name, proposal.title_code) == (tree.district_a.name, "co-thi-dua-ldld-tinh")
    handover.take_up(review_id=proposal.review_id, by=cast.province_staff, reference="Hồ sơ 12/2026")
    assert handover.open_proposals(cast.province_staff, 2025) == []


def test_a_member_sees_its_own_bloc_not_another_and_only_its_own_scores(blocs, cast, tree):
    officer_b = user_with_role(Role.UPPER_LEVEL_OFFICER, tree.district_b, "canbo.tg")
    assert set(Bloc.objects.visible_to(cast.officer)) == {blocs.districts}
    # School B's chair: its union is in the direct bloc, though district B is in the other one.
    chair_b = user_with_role(Role.GRASSROOTS_CHAIR, tree.school_b, "chutich.b1")
    assert set(Bloc.objects.visible_to(chair_b)) == {blocs.direct}
    assert set(BlocMember.objects.visible_to(cast.officer)) == {blocs.member_a}
    # District B's officer reaches school B, so sees that member's scores, and both blocs.
    assert set(BlocMember.objects.visible_to(officer_b)) == {blocs.member_b, blocs.member_school_b}
    assert set(Bloc.objects.visible_to(cast.chair)) == set()


def test_opening_scoring_tells_each_member_with_a_link_to_its_own_sheet(blocs, cast, tree):
    from portal.notices.models import Notice

    blocs.open(blocs.districts)
    [notice] = Notice.objects.filter(recipient=cast.officer)
    assert "đã mở tự chấm điểm" in notice.title and "30/11/2025" in notice.body
    assert notice.link == blocs.member_a.get_absolute_url()


def test_opening_scoring_is_refused_for_a_bloc_without_members_and_tells_nobody(cast, tree):
    from portal.notices.models import Notice

    empty = services.bloc_create(by=cast.province_staff, organiser=tree.province, year=2025, name="Khối trống")
    with pytest.raises(ValidationError, match="chưa có thành viên"):
        services.scoring_open(bloc=empty, by=cast.province_staff)
    assert Bloc.objects.get(pk=empty.pk).state == Bloc.State.SETUP
    assert not Notice.objects.exists()


def test_a_member_nobody_has_scored_gets_no_rating(blocs, cast):
    blocs.open(blocs.districts)
    _score_all(blocs, cast, blocs.member_a, {"1.1": "20"})
    by_member = {s.member_id: s for s in ranking.standings(Bloc.objects.get(pk=blocs.districts.pk))}
    assert by_member[blocs.member_a.pk].rating == "Khá"
    assert (by_member[blocs.member_b.pk].total, by_member[blocs.member_b.pk].rating) == (D(0), "")


def test_renaming_a_bloc_to_a_name_already_used_that_year_is_refused_in_words(blocs, cast):
    with pytest.raises(ValidationError) as refused:
        services.bloc_update(bloc=blocs.direct, by=cast.province_staff, name=blocs.districts.name)
    assert "đã có khối trùng tên này trong năm 2025" in str(refused.value)
