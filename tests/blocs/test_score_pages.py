"""The score sheet and ranking pages: who sees which sheet, the self-score form (decimal comma,
evidence files, the deadline), the official form with its reasons, the lock after the review, and
query counts flat as members and criteria grow."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blocs import services, sheets
from blocs.models import Bloc, Criterion, Score
from blocs.sheets import SheetLine
from portal.attachments.models import Attachment
from portal.attachments.services import attachment_add
from tests.attachments.conftest import PDF, upload
from tests.blocs.conftest import criteria_by_code
from tests.factories import UnitFactory, user_with_role
from units.access import Role

D = Decimal


def sheet_url(member):
    return reverse("blocs:scores", args=[member.bloc_id, member.pk])


def ranking_url(bloc):
    return reverse("blocs:ranking", args=[bloc.pk])


def open_scoring(blocs, bloc, due=None):
    """Scoring open, the deadline a month ahead (or `due`)."""
    due = due or timezone.localdate() + datetime.timedelta(days=30)
    Bloc.objects.filter(pk=bloc.pk).update(self_scoring_due_on=due)
    bloc.refresh_from_db()
    return blocs.open(bloc)


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_member_of_another_bloc_gets_404_on_the_scores_and_the_ranking(blocs, client, tree):
    direct_chair = user_with_role(Role.GRASSROOTS_CHAIR, tree.direct, "chutich.tt1")
    as_user(client, direct_chair)
    assert client.get(sheet_url(blocs.member_a)).status_code == 404
    assert client.get(ranking_url(blocs.districts)).status_code == 404
    # A member id of another bloc under this bloc's address is a 404 too.
    assert client.get(reverse("blocs:scores", args=[blocs.direct.pk, blocs.member_a.pk])).status_code == 404
    assert client.get(sheet_url(blocs.member_direct)).status_code == 200


def test_another_member_of_the_same_bloc_sees_the_ranking_but_not_its_sheet(blocs, client, cast):
    open_scoring(blocs, blocs.districts)
    as_user(client, cast.officer)
    assert client.get(sheet_url(blocs.member_b)).status_code == 404
    page = client.get(ranking_url(blocs.districts)).content.decode()
    assert "LĐLĐ huyện Tuần Giáo" in page and sheet_url(blocs.member_b) not in page
    assert sheet_url(blocs.member_a) in page


def test_the_officer_self_scores_with_a_decimal_comma_and_an_evidence_file(blocs, client, cast, media):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    as_user(client, cast.officer)
    page = client.get(sheet_url(blocs.member_a)).content.decode()
    assert f'name="points-{c["1.1"].pk}"' in page and 'inputmode="decimal"' in page and 'data-max="20"' in page
    assert "Hạn tự chấm" in page  # the deadline is shown
    response = client.post(sheet_url(blocs.member_a), {
        "part": "self", f"points-{c['1.1'].pk}": "18,5", f"points-{c['1.2'].pk}": "19.25",
        f"file-{c['2.1'].pk}": upload("Minh chứng 2.1.pdf", PDF),
    })
    assert response.status_code == 302
    scores = {s.criterion.code: s for s in Score.objects.select_related("criterion")}
    assert scores["1.1"].self_points == D("18.5") and scores["1.2"].self_points == D("19.25")
    assert scores["2.1"].self_points is None  # the file's line has its row, with no points yet
    assert Attachment.objects.of(scores["2.1"]).get().filename == "Minh chứng 2.1.pdf"
    page = client.get(sheet_url(blocs.member_a)).content.decode()
    assert "Minh chứng 2.1.pdf" in page and "37,75" in page  # the self total, written the Vietnamese way


def test_a_score_above_the_maximum_is_refused_in_the_page_keeping_the_input(blocs, client, cast, media):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    as_user(client, cast.officer)
    response = client.post(sheet_url(blocs.member_a), {
        "part": "self", f"points-{c['1.1'].pk}": "25", f"points-{c['1.2'].pk}": "10",
        f"file-{c['1.2'].pk}": upload("Minh chứng.pdf", PDF),
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 1.1: 25 vượt quá điểm tối đa của dòng là 20." in page
    assert 'value="25"' in page and 'value="10"' in page
    assert not Score.objects.exists() and not Attachment.objects.exists()


def test_a_file_that_is_not_a_document_writes_nothing(blocs, client, cast, media):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    as_user(client, cast.officer)
    response = client.post(sheet_url(blocs.member_a), {
        "part": "self", f"points-{c['1.1'].pk}": "18", f"file-{c['1.1'].pk}": upload("minh-chung.pdf", b"not a pdf"),
    })
    assert response.status_code == 400
    assert "không thuộc loại được nhận" in response.content.decode()
    assert not Score.objects.exists()


def test_words_that_are_not_numbers_say_how_to_write_them(blocs, client, cast):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    as_user(client, cast.officer)
    response = client.post(sheet_url(blocs.member_a), {"part": "self", f"points-{c['1.1'].pk}": "mười tám"})
    assert response.status_code == 400
    assert "Hãy ghi số điểm, ví dụ 18,5." in response.content.decode()
    assert not Score.objects.exists()


def test_after_the_deadline_the_sheet_says_so_and_a_forged_post_writes_nothing(blocs, client, cast):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    open_scoring(blocs, blocs.districts, due=yesterday)
    c = criteria_by_code(blocs.districts)
    as_user(client, cast.officer)
    page = client.get(sheet_url(blocs.member_a)).content.decode()
    assert f"Hạn tự chấm điểm là {yesterday:%d/%m/%Y}" in page
    assert 'name="points-' not in page
    response = client.post(sheet_url(blocs.member_a), {"part": "self", f"points-{c['1.1'].pk}": "18"})
    assert response.status_code == 400 and f"Hạn tự chấm điểm là {yesterday:%d/%m/%Y}" in response.content.decode()
    assert not Score.objects.exists()


def test_province_staff_must_say_why_and_the_member_reads_the_reason(blocs, client, cast):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(20), c["1.2"].pk: D(18)}, by=cast.officer)
    as_user(client, cast.province_staff)
    page = client.get(sheet_url(blocs.member_a)).content.decode()
    assert f'name="official-{c["1.1"].pk}"' in page and f'name="reason-{c["1.1"].pk}"' in page
    response = client.post(sheet_url(blocs.member_a), {"part": "official", f"official-{c['1.1'].pk}": "17,5", f"official-{c['1.2'].pk}": "18"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 1.1: điểm chính thức khác điểm tự chấm (20): hãy nêu lý do." in page
    assert 'value="17,5"' in page  # the input kept, as typed
    assert not Score.objects.filter(official_points__isnull=False).exists()
    response = client.post(sheet_url(blocs.member_a), {
        "part": "official", f"official-{c['1.1'].pk}": "17,5", f"reason-{c['1.1'].pk}": "Kế hoạch ban hành chậm 10 ngày.",
        f"official-{c['1.2'].pk}": "18",
    })
    assert response.status_code == 302
    as_user(client, cast.officer)
    page = client.get(sheet_url(blocs.member_a)).content.decode()
    assert "Kế hoạch ban hành chậm 10 ngày." in page and "17,5" in page
    assert 'name="official-' not in page  # read only for the member


def test_after_the_review_no_form_and_a_forged_post_is_refused(blocs, client, cast):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(20)}, by=cast.officer)
    services.review_record(bloc=blocs.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 20), acclaimed=blocs.member_a)
    for user, part, field in [(cast.officer, "self", "points"), (cast.province_staff, "official", "official")]:
        as_user(client, user)
        page = client.get(sheet_url(blocs.member_a)).content.decode()
        assert "Khối đã tổng kết: điểm đã được khóa." in page and 'name="part"' not in page
        response = client.post(sheet_url(blocs.member_a), {"part": part, f"{field}-{c['1.1'].pk}": "5", f"reason-{c['1.1'].pk}": "x"})
        page = response.content.decode()
        assert response.status_code == 400 and "Khối đã tổng kết: điểm đã được khóa." in page and 'name="part"' not in page
    score = Score.objects.get()
    assert (score.self_points, score.official_points) == (D(20), None)


def test_who_may_not_score_gets_403(blocs, client, cast):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    as_user(client, cast.province_staff)
    assert client.post(sheet_url(blocs.member_a), {"part": "self", f"points-{c['1.1'].pk}": "5"}).status_code == 403
    as_user(client, cast.officer)
    assert client.post(sheet_url(blocs.member_a), {"part": "official", f"official-{c['1.1'].pk}": "5"}).status_code == 403
    assert not Score.objects.exists()


def test_the_ranking_shows_ties_as_ties_with_leader_and_deputy(blocs, client, cast, tree):
    staff = cast.province_staff
    members = [blocs.member_a, blocs.member_b]
    for code in ("H-MN", "H-MC"):
        members.append(services.member_add(bloc=blocs.districts, unit=UnitFactory(code=code, name=f"LĐLĐ {code}", parent=tree.province), by=staff))
    services.bloc_update(bloc=blocs.districts, by=staff, leader=blocs.member_b, deputy=blocs.member_a)
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    for member, points in zip(members, [D(90), D(80), D(80), D(70)]):
        entries = {c["2.1"].pk: (D(30), ""), c["2.2"].pk: (points - 70, ""), c["1.1"].pk: (D(20), ""), c["1.2"].pk: (D(20), "")}
        services.official_score(member=member, entries=entries, by=staff)
    as_user(client, staff)
    page = client.get(ranking_url(blocs.districts)).content.decode()
    rows = page.split('<tbody>')[1].split('</tbody>')[0].split('<tr>')[1:]
    assert [row.split('fw-semibold">')[1].split("<")[0] for row in rows] == ["1", "2", "2", "4"]
    assert "Trưởng khối" in rows[1] + rows[2] and "Phó khối" in rows[0]
    assert "Xuất sắc" not in rows[0] and "Tốt" in rows[0] and "Khá" in rows[3]


def grow(bloc, staff, members: int, groups: int, tree):
    """`members` more members and `groups` more groups of two criteria, each member self-scored and
    officially scored on every line."""
    for index in range(members):
        unit = UnitFactory(code=f"GROW-{bloc.members.count()}", name=f"LĐLĐ thêm {index}", parent=tree.province)
        services.member_add(bloc=bloc, unit=unit, by=staff)
    lines = [SheetLine("1", "Nhóm", Criterion.Kind.GROUP, D(10)), SheetLine("1.1", "A", Criterion.Kind.ITEM, D(5)), SheetLine("1.2", "B", Criterion.Kind.ITEM, D(5))]
    for group in range(2, groups + 2):
        lines += [SheetLine(f"{group}", "Nhóm", Criterion.Kind.GROUP, D(10)), SheetLine(f"{group}.1", "A", Criterion.Kind.ITEM, D(5)),
                  SheetLine(f"{group}.2", "B", Criterion.Kind.ITEM, D(5))]
    Bloc.objects.filter(pk=bloc.pk).update(state=Bloc.State.SETUP)
    sheets.sheet_save(bloc=bloc, lines=lines, by=staff)
    Bloc.objects.filter(pk=bloc.pk).update(state=Bloc.State.SCORING)
    for member in bloc.members.all():
        for criterion in bloc.criteria.exclude(kind=Criterion.Kind.GROUP):
            Score.objects.create(member=member, criterion=criterion, self_points=D(4), official_points=D(3), official_reason="Thiếu minh chứng")


@pytest.mark.parametrize("who", ["province_staff", "officer"])
def test_query_counts_stay_flat_as_members_and_criteria_grow(blocs, client, cast, tree, django_assert_num_queries, who, media):
    open_scoring(blocs, blocs.districts)
    staff = cast.province_staff
    as_user(client, getattr(cast, who))
    counts = []
    for members, groups in [(1, 1), (6, 8)]:
        grow(blocs.districts, staff, members, groups, tree)
        for score in Score.objects.filter(member=blocs.member_a):
            attachment_add(owner=score, upload=upload("Minh chứng.pdf", PDF), by=cast.officer)
        pair = []
        for url in (sheet_url(blocs.member_a), ranking_url(blocs.districts)):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            pair.append(len(queries))
        counts.append(pair)
    # The same count at the larger size, asserted as Django's helper does.
    sheet, ranking = counts[0]
    with django_assert_num_queries(sheet):
        client.get(sheet_url(blocs.member_a))
    with django_assert_num_queries(ranking):
        client.get(ranking_url(blocs.districts))
    assert counts[0] == counts[1]


def test_the_officer_removes_an_evidence_file_and_comes_back_to_the_sheet(blocs, client, cast, media):
    open_scoring(blocs, blocs.districts)
    c = criteria_by_code(blocs.districts)
    services.self_score(member=blocs.member_a, points={c["1.1"].pk: D(18)}, by=cast.officer)
    attachment = attachment_add(owner=Score.objects.get(), upload=upload("Nhầm tệp.pdf", PDF), by=cast.officer)
    as_user(client, cast.officer)
    page = client.get(sheet_url(blocs.member_a)).content.decode()
    assert f'form="remove-file-{attachment.pk}"' in page
    response = client.post(reverse("attachments:delete", args=[attachment.pk]))
    assert response.status_code == 302 and response["Location"] == sheet_url(blocs.member_a)
    assert not Attachment.objects.exists()
    as_user(client, cast.province_staff)  # the organiser sees the files, removes none
    attachment_add(owner=Score.objects.get(), upload=upload("Minh chứng.pdf", PDF), by=cast.officer)
    assert "remove-file-" not in client.get(sheet_url(blocs.member_a)).content.decode()
