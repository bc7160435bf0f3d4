"""The annual review page and the exports: recording the review with its practices, the acclaimed
member and the minutes, the lock it sets, taking it back with a reason; the scoring table as Excel
and the ranking as PDF, read back as a user would; query counts flat; another bloc's member 404s."""

import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs import services, sheets
from blocs.models import Bloc, Practice, Review, Score
from blocs.sheets import SheetLine
from campaigns.models import Exemplar, Title
from portal.attachments.models import Attachment
from tests.attachments.conftest import EXE, PDF, stored_files, upload
from tests.blocs.conftest import SHEET, K, criteria_by_code
from tests.factories import UnitFactory, user_with_role, unit_type
from units.access import Role

D = Decimal
IN_TIME = datetime.date(2025, 11, 30)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def flag(db):
    return Title.objects.get_or_create(code="co-thi-dua-ldld-tinh", defaults={"name": "Cờ thi đua của LĐLĐ tỉnh", "for_collective": True})[0]


def score(cast, member, values: dict):
    c = criteria_by_code(member.bloc)
    services.official_score(member=member, entries={c[code].pk: (D(str(v)), "") for code, v in values.items()}, by=cast.province_staff)


@pytest.fixture
def scored(blocs, cast):
    """The districts' bloc open and scored: district B 98 (rank 1), district A 95 (rank 2)."""
    blocs.open(blocs.districts)
    score(cast, blocs.member_a, {"1.1": 20, "1.2": 20, "2.1": 30, "2.2": 25})
    score(cast, blocs.member_b, {"1.1": 20, "1.2": 20, "2.1": 30, "2.2": 30, "P1": 2})
    return blocs


def review_url(bloc):
    return reverse("blocs:review", args=[bloc.pk])


def form_data(**extra):
    data = {
        "held_on": "20/12/2025", "place": "Hội trường LĐLĐ tỉnh", "note": "",
        "practice-TOTAL_FORMS": "3", "practice-INITIAL_FORMS": "0", "practice-MIN_NUM_FORMS": "0", "practice-MAX_NUM_FORMS": "20",
    }
    data.update(extra)
    return data


def test_the_form_offers_the_ranking_first_and_the_provinces_flag(client, scored, cast, flag, tree):
    Exemplar.objects.create(kind=Exemplar.Kind.PRACTICE, unit=tree.school_a, title="Bữa cơm công đoàn", description="…")
    Exemplar.objects.create(kind=Exemplar.Kind.PRACTICE, unit=tree.direct, title="Ngoài khối", description="…",
                            recognised_on=datetime.date(2023, 5, 1))
    client.force_login(cast.province_staff)
    page = client.get(review_url(scored.districts))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["acclaimed"] == scored.member_b.pk  # ranked first
    assert [label for _, label in form.fields["acclaimed"].choices][1].startswith(f"1. {tree.district_b.name}")
    assert form.initial["proposed_title"] == flag.pk
    offered = [label for _, label in form.fields["exemplars"].choices]
    assert any("Bữa cơm công đoàn" in label for label in offered)  # found at a member unit (below district A)
    assert not any("Ngoài khối" in label for label in offered)  # another district, another year
    assert "Ghi nhận kết quả tổng kết khối" in page.content.decode() or "Record the annual review" in page.content.decode()


def test_recording_the_review_with_practices_the_acclaimed_and_the_minutes_locks_the_scores(client, scored, cast, flag, tree, media):
    exemplar = Exemplar.objects.create(kind=Exemplar.Kind.PRACTICE, unit=tree.school_a, title="Bữa cơm công đoàn", description="…")
    client.force_login(cast.province_staff)
    response = client.post(review_url(scored.districts), form_data(
        acclaimed=scored.member_b.pk, proposed_title=flag.pk, exemplars=[exemplar.pk],
        **{"practice-0-title": "Mô hình “Tổ tự quản”", "practice-0-description": "Công nhân tự quản khu nhà trọ.",
           "practice-0-presented_by": scored.member_a.pk},
        minutes=upload("Biên bản tổng kết.pdf", PDF),
    ))
    assert response.status_code == 302
    bloc = Bloc.objects.get(pk=scored.districts.pk)
    assert bloc.state == Bloc.State.REVIEWED
    review = Review.objects.get(bloc=bloc)
    assert (review.acclaimed, review.proposed_title, review.place) == (scored.member_b, flag, "Hội trường LĐLĐ tỉnh")
    assert sorted(Practice.objects.filter(review=review).values_list("title", "presented_by")) == [
        ("Bữa cơm công đoàn", None), ("Mô hình “Tổ tự quản”", scored.member_a.pk)]
    assert [a.filename for a in Attachment.objects.of(review)] == ["Biên bản tổng kết.pdf"]
    # The scores are locked: the services refuse, the page shows no form.
    c = criteria_by_code(bloc)
    with pytest.raises(ValidationError, match="điểm đã được khóa"):
        services.official_score(member=scored.member_a, entries={c["1.1"].pk: (D(1), "sai")}, by=cast.province_staff)
    page = client.get(review_url(bloc)).content.decode()
    assert 'id="record"' not in page
    assert tree.district_b.name in page and "Bữa cơm công đoàn" in page and "Tổ tự quản" in page
    assert reverse("campaigns:exemplar", args=[exemplar.pk]) in page  # linked to the exemplar
    assert "Biên bản tổng kết.pdf" in page
    assert "Khối được tính vào chỉ tiêu 5" in page  # reviewed, with practices
    assert 'id="handover"' in page  # proposed, not taken up yet


def test_a_refused_record_leaves_no_file_and_a_refused_file_records_nothing(client, scored, cast, flag, media):
    client.force_login(cast.province_staff)
    # A title proposed with no acclaimed member: refused, the minutes not stored.
    response = client.post(review_url(scored.districts), form_data(acclaimed="", proposed_title=flag.pk, minutes=upload("bb.pdf", PDF)))
    assert response.status_code == 400
    assert stored_files(media) == [] and not Review.objects.exists()
    # A program passed off as the minutes: refused before anything is recorded.
    response = client.post(review_url(scored.districts), form_data(acclaimed=scored.member_b.pk, minutes=upload("bien-ban.pdf", EXE)))
    assert response.status_code == 400
    assert stored_files(media) == [] and not Review.objects.exists()
    assert Bloc.objects.get(pk=scored.districts.pk).state == Bloc.State.SCORING


def test_a_practice_line_without_a_name_is_refused(client, scored, cast):
    client.force_login(cast.province_staff)
    response = client.post(review_url(scored.districts), form_data(**{"practice-0-description": "Không tên"}))
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_the_review_is_taken_back_with_a_reason_keeping_its_minutes(client, scored, cast, flag, media):
    review = services.review_record(bloc=scored.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 20),
                                    acclaimed=scored.member_b, proposed_title=flag)
    from portal.attachments.services import attachment_add

    attachment_add(owner=review, upload=upload("bb.pdf", PDF), by=cast.province_staff)
    client.force_login(cast.province_staff)
    reopen = reverse("blocs:review-reopen", args=[scored.districts.pk])
    client.post(reopen, {"reason": "  "})
    assert Bloc.objects.get(pk=scored.districts.pk).state == Bloc.State.REVIEWED  # no reason: refused
    client.post(reopen, {"reason": "Chấm sai điểm tiêu chí 2.1 của LĐLĐ huyện A"})
    assert Bloc.objects.get(pk=scored.districts.pk).state == Bloc.State.SCORING
    page = client.get(review_url(scored.districts))
    assert "Chấm sai điểm tiêu chí 2.1" in page.content.decode()
    assert page.context["form"].initial["acclaimed"] == scored.member_b.pk  # starts from what was recorded
    # Scores can change again, and recording again keeps the minutes.
    score(cast, scored.member_a, {"2.1": 29})
    again = services.review_record(bloc=scored.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 21), acclaimed=scored.member_b)
    assert [a.filename for a in Attachment.objects.of(again)] == ["bb.pdf"]


def test_only_the_organisers_staff_record_and_take_back(client, scored, cast):
    client.force_login(cast.officer)  # district A's officer: sees the bloc, does not run it
    page = client.get(review_url(scored.districts))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(review_url(scored.districts), form_data()).status_code == 403
    assert client.post(reverse("blocs:review-reopen", args=[scored.districts.pk]), {"reason": "x"}).status_code == 403


# The Excel


def workbook_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_the_scoring_table_reopens_with_merged_headers_numbers_and_frozen_panes(client, scored, cast, tree):
    tree.district_a.name = "=HYPERLINK(\"http://x\")"  # a unit name that starts like a formula
    tree.district_a.save()
    client.force_login(cast.province_staff)
    sheet = workbook_of(client.get(reverse("blocs:scores-export", args=[scored.districts.pk]))).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # Unit | 1.1 1.2 under group 1 | 2.1 2.2 under group 2 | bonus T1 | penalty P1 | total | rank | rating
    assert {"A1:A2", "B1:C1", "D1:E1", "H1:H2", "I1:I2", "J1:J2"} <= merged
    assert sheet["B1"].value.startswith("1. Công tác tổ chức") and sheet["B2"].value.startswith("1.1.")
    assert sheet["F1"].value == "Điểm thưởng" and sheet["G1"].value == "Điểm trừ"
    assert (sheet["A1"].value, sheet["H1"].value, sheet["I1"].value, sheet["J1"].value) == ("Đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại")
    assert sheet.freeze_panes == "B3"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][0] == tree.district_b.name and rows[0][7] == 98 and rows[0][8] == 1 and rows[0][6] == 2
    assert all(isinstance(v, (int, float)) for v in rows[0][1:5] + rows[0][6:9])
    assert rows[1][0] == "=HYPERLINK(\"http://x\")" and sheet["A4"].data_type == "s"  # text, not a formula
    assert rows[1][7] == 95 and rows[1][9] == "Xuất sắc"
    assert sheet.column_dimensions["A"].width >= 30


def grown(blocs, cast, tree, members: int, items: int):
    """The districts' bloc with more members and more criteria, scored officially."""
    staff = cast.province_staff
    extra = [services.member_add(bloc=blocs.districts, unit=UnitFactory(parent=tree.province, unit_type=unit_type("ldld-huyen")), by=staff)
             for _ in range(members)]
    lines = list(SHEET) + [SheetLine("3", "Nhóm thêm", K.GROUP, D(items))] + [SheetLine(f"3.{i}", f"Tiêu chí {i}", K.ITEM, D(1)) for i in range(1, items + 1)]
    sheets.sheet_save(bloc=blocs.districts, lines=lines, by=staff)
    blocs.open(blocs.districts)
    c = criteria_by_code(blocs.districts)
    for member in [blocs.member_a, blocs.member_b, *extra]:
        services.official_score(member=member, entries={x.pk: (D(1), "") for x in c.values() if x.scored}, by=staff)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("members, items", [(1, 2), (12, 15)])
def test_export_queries_stay_flat(client, blocs, cast, tree, members, items, django_assert_num_queries):
    grown(blocs, cast, tree, members, items)
    client.force_login(cast.province_staff)
    client.get(reverse("blocs:scores-export", args=[blocs.districts.pk]))  # warm the session
    # session, user, grants, the bloc; lines, members, bands, sums, scores
    with django_assert_num_queries(9):
        client.get(reverse("blocs:scores-export", args=[blocs.districts.pk]))
    # session, user, grants, the bloc; its review; members, bands, sums
    with django_assert_num_queries(7):
        client.get(reverse("blocs:ranking-pdf", args=[blocs.districts.pk]))


# The PDF


def pdf_text(data: bytes) -> str:
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode().split())


def test_the_ranking_pdf_holds_the_bloc_the_year_and_each_members_total_and_rank(client, scored, cast, flag, tree):
    services.review_record(bloc=scored.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 20), acclaimed=scored.member_b, proposed_title=flag)
    client.force_login(cast.officer)  # a member's officer may print the ranking
    response = client.get(reverse("blocs:ranking-pdf", args=[scored.districts.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BẢNG XẾP HẠNG THI ĐUA" in text and "KHỐI CÁC LĐLĐ HUYỆN" in text and "Năm 2025" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "ngày 20 tháng 12 năm 2025" in text
    assert f"1 {tree.district_b.name} 98 Xuất sắc" in text
    assert f"2 {tree.district_a.name} 95 Xuất sắc" in text
    assert "suy tôn" in text and "TM. BAN THƯỜNG VỤ" in text


# Scoping


def test_another_blocs_member_gets_404_on_the_exports_and_the_review(client, scored, cast, tree):
    chair_b = user_with_role(Role.GRASSROOTS_CHAIR, tree.school_b, "chutich.b1")  # school B sits in the direct bloc
    client.force_login(chair_b)
    for name in ("blocs:scores-export", "blocs:ranking-pdf", "blocs:review"):
        assert client.get(reverse(name, args=[scored.districts.pk])).status_code == 404
        assert client.get(reverse(name, args=[scored.direct.pk])).status_code == 200


# The hand-over, seen from the award ledger


def test_a_new_decision_of_the_province_lists_the_open_proposals_until_taken_up(client, scored, cast, flag, tree):
    from blocs import handover

    review = services.review_record(bloc=scored.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 20),
                                    acclaimed=scored.member_b, proposed_title=flag)
    client.force_login(cast.province_staff)
    url = f"{reverse('awards:decision-create')}?unit={tree.province.pk}"
    page = client.get(url).content.decode()
    assert "Đề nghị từ tổng kết khối thi đua" in page and tree.district_b.name in page and flag.name in page
    handover.take_up(review_id=review.pk, by=cast.province_staff, reference="Quyết định 12/QĐ-LĐLĐ")
    assert "Đề nghị từ tổng kết khối thi đua" not in client.get(url).content.decode()
    review_page = client.get(review_url(scored.districts)).content.decode()
    assert "Quyết định 12/QĐ-LĐLĐ" in review_page  # the bloc's page says it was taken up


def test_recording_twice_is_told_not_repeated(client, scored, cast):
    client.force_login(cast.province_staff)
    assert client.post(review_url(scored.districts), form_data(acclaimed=scored.member_b.pk)).status_code == 302
    second = client.post(review_url(scored.districts), form_data(acclaimed=scored.member_a.pk), follow=True)
    assert "Không thể ghi nhận kết quả tổng kết lúc này" in second.content.decode()
    assert Review.objects.get().acclaimed == scored.member_b


def test_a_review_taken_back_and_recorded_again_keeps_its_proposal_taken_up(client, scored, cast, flag):
    from blocs import handover

    review = services.review_record(bloc=scored.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 20),
                                    acclaimed=scored.member_b, proposed_title=flag)
    handover.take_up(review_id=review.pk, by=cast.province_staff, reference="Quyết định 12/QĐ-LĐLĐ")
    services.review_reopen(bloc=scored.districts, by=cast.province_staff, reason="Sai ngày họp")
    # Recorded again with the date mended: the same review, still taken up, not offered to a second dossier.
    again = services.review_record(bloc=scored.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 22),
                                   acclaimed=scored.member_b, proposed_title=flag)
    assert again.pk == review.pk and again.proposal_reference == "Quyết định 12/QĐ-LĐLĐ"
    assert handover.open_proposals(cast.province_staff) == []
    client.force_login(cast.province_staff)
    assert "Quyết định 12/QĐ-LĐLĐ" in client.get(review_url(scored.districts)).content.decode()
    # What the dossier took up cannot change under it: another acclaimed member is refused, nothing written.
    services.review_reopen(bloc=scored.districts, by=cast.province_staff, reason="Suy tôn nhầm")
    page = client.post(review_url(scored.districts), form_data(acclaimed=scored.member_a.pk), follow=True).content.decode()
    assert "đã được tiếp nhận" in page and "Quyết định 12/QĐ-LĐLĐ" in page
    scored.districts.refresh_from_db()
    assert scored.districts.state == "scoring" and Review.objects.get().acclaimed == scored.member_b
