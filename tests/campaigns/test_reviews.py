"""Progress entries and reviews (sơ kết, tổng kết) of a campaign, and KPI 2's reading of a campaign's
follow-through (campaigns/followthrough.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns import registrations as services
from campaigns.duties import refresh_duties
from campaigns.followthrough import FollowThrough, follow_through, follow_through_of
from campaigns.models import BENEFIT_MAX, Campaign, Exemplar, ProgressEntry, Registration, Replication, Review
from portal.attachments.models import Attachment
from tests.attachments.conftest import PDF, upload
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def campaign(tree):
    launched = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
    refresh_duties(launched)
    return launched


def review_data(**changes):
    data = {"unit": "CDCS-A1", "kind": "interim", "held_on": "15/07/2025", "summary": "Sơ kết 6 tháng đầu năm",
            "participants": "45", "initiatives": "3", "benefit_value": "1.500.000"}
    return {**data, **changes}


def progress_data(**changes):
    return {"unit": "CDCS-A1", "period_start": "01/01/2025", "period_end": "31/03/2025", "summary": "Phát động thi đua quý I", **changes}


# Progress entries


def test_a_chair_reports_progress_then_attaches_the_file(client, tree, cast, campaign, media):
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:progress-create", args=[campaign.pk]), progress_data())
    entry = ProgressEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert (entry.unit, entry.period_start, entry.period_end, entry.recorded_by) == (tree.school_a, D(2025, 1, 1), D(2025, 3, 31), cast.chair)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "01/01/2025 – 31/03/2025" in page and "Tệp báo cáo" in page
    upload_url = reverse("attachments:upload", args=["campaigns.progressentry", entry.pk])
    assert upload_url in page  # the panel's upload form
    client.post(upload_url, {"file": upload("Báo cáo quý I.pdf", PDF)})
    assert Attachment.objects.of(entry).get().filename == "Báo cáo quý I.pdf"
    client.force_login(cast.leadership)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Báo cáo quý I.pdf" in page and upload_url not in page  # leadership reads


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"period_end": "01/12/2024"}, "period_end", "Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu."),
        ({"period_start": "01/01/2024", "period_end": "31/12/2024"}, "period_start", "Kỳ báo cáo nằm ngoài thời gian của phong trào (01/01/2025 – 31/12/2025)."),
        ({"period_end": "31/13/2025"}, "period_end", "dd/mm/yyyy"),
        ({"unit": "CDCS-A2"}, "unit", "Không có đơn vị mã CDCS-A2 trong phạm vi quản lý của bạn."),  # the neighbour union
    ],
)
def test_bad_progress_is_refused_in_vietnamese_and_nothing_written(client, cast, campaign, changes, field, message):
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:progress-create", args=[campaign.pk]), progress_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProgressEntry.objects.exists()


def test_a_period_not_yet_started_is_refused(tree, cast):
    today = datetime.date.today()
    running = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, year=today.year,
                              starts_on=D(today.year, 1, 1), ends_on=D(today.year + 1, 12, 31), plans_due_on=D(today.year, 3, 31))
    refresh_duties(running)
    later = today + datetime.timedelta(days=10)
    with pytest.raises(ValidationError, match="Kỳ báo cáo chưa bắt đầu."):
        services.progress_create(campaign=running, unit=tree.school_a, period_start=later, period_end=later, summary="x", by=cast.chair)


def test_progress_on_a_draft_campaign_is_not_offered(client, tree, cast):
    draft = CampaignFactory(launching_unit=tree.province)
    client.force_login(cast.province_staff)
    assert client.get(reverse("campaigns:progress-create", args=[draft.pk])).status_code == 403


# Reviews


def test_a_review_is_recorded_with_its_benefit_shown_in_dong(client, tree, cast, campaign):
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:review-create", args=[campaign.pk]), review_data())
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert (review.kind, review.participants, review.initiatives, review.benefit_value) == ("interim", 45, 3, 1_500_000)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "1.500.000 đồng" in page and "Sơ kết" in page and "15/07/2025" in page
    assert "Biên bản sơ kết, tổng kết" in page  # the minutes go in the attachments panel
    assert reverse("attachments:upload", args=["campaigns.review", review.pk]) in page


def test_the_launching_unit_records_its_own_final_review_after_the_campaign_closed(client, tree, cast, campaign):
    campaign.state = Campaign.State.CLOSED
    campaign.save()
    client.force_login(cast.province_staff)
    response = client.post(reverse("campaigns:review-create", args=[campaign.pk]), review_data(unit="DB", kind="final", held_on="20/12/2025"))
    assert response.status_code == 302
    assert Review.objects.get().unit == tree.province


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"held_on": "31/12/2024"}, "Không thể sơ kết, tổng kết trước ngày phong trào bắt đầu (01/01/2025)."),
        ({"held_on": (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")}, "Ngày sơ kết, tổng kết không được ở tương lai."),
        ({"participants": "-3"}, "Giá trị phải lớn hơn hoặc bằng 0."),
        ({"initiatives": "99999999999999999999"}, "Giá trị phải nhỏ hơn hoặc bằng 10000000."),
        ({"benefit_value": "-5.000"}, "Số tiền phải từ 0 đến 1.000.000.000.000.000 đồng."),
        ({"benefit_value": "99999999999999999999"}, "Số tiền phải từ 0 đến 1.000.000.000.000.000 đồng."),
        ({"benefit_value": "một triệu"}, "Nhập số tiền bằng chữ số, tính bằng đồng, ví dụ 1.500.000."),
        ({"summary": ""}, "Hãy điền hoặc chọn thông tin cho ô này."),
    ],
)
def test_bad_reviews_are_refused_in_vietnamese_and_nothing_written(client, cast, campaign, changes, message):
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:review-create", args=[campaign.pk]), review_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_the_service_applies_the_models_bounds_too(tree, cast, campaign):
    with pytest.raises(ValidationError) as refused:
        services.review_create(campaign=campaign, unit=tree.school_a, kind="final", held_on=D(2025, 12, 20), summary="Tổng kết",
                               participants=20_000_000, benefit_value=BENEFIT_MAX + 1, by=cast.chair)
    assert set(refused.value.message_dict) == {"participants", "benefit_value"}
    assert not Review.objects.exists()


def test_the_database_refuses_a_negative_or_absurd_benefit(tree, cast, campaign):
    for value in (-1, BENEFIT_MAX + 1):
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.create(campaign=campaign, unit=tree.school_a, kind="final", held_on=D(2025, 12, 1), summary="x", benefit_value=value)


def test_an_officer_records_a_review_for_a_union_below_but_not_for_another_district(client, tree, cast, campaign):
    client.force_login(cast.officer)
    assert client.post(reverse("campaigns:review-create", args=[campaign.pk]), review_data(unit="CDCS-A2")).status_code == 302
    response = client.post(reverse("campaigns:review-create", args=[campaign.pk]), review_data(unit="CDCS-B1"))
    assert "Không có đơn vị mã CDCS-B1 trong phạm vi quản lý của bạn." in response.content.decode()
    assert list(Review.objects.values_list("unit__code", flat=True)) == ["CDCS-A2"]


def test_the_registrations_page_lists_the_latest_progress_and_reviews_of_the_users_area(client, tree, cast, campaign):
    services.review_create(campaign=campaign, unit=tree.school_a, kind="interim", held_on=D(2025, 7, 1), summary="Sơ kết", by=cast.chair)
    services.review_create(campaign=campaign, unit=tree.school_b, kind="final", held_on=D(2025, 12, 1), summary="Tổng kết", by=cast.province_staff)
    services.progress_create(campaign=campaign, unit=tree.school_a, period_start=D(2025, 1, 1), period_end=D(2025, 3, 31), summary="Quý I", by=cast.chair)
    client.force_login(cast.chair)
    page = client.get(reverse("campaigns:registrations", args=[campaign.pk])).content.decode()
    assert "01/07/2025" in page and "01/01/2025 – 31/03/2025" in page
    assert "01/12/2025" not in page  # the other district's review


# KPI 2: follow-through


def test_follow_through_reads_registrations_a_review_in_the_period_and_a_replicated_exemplar(tree, cast, campaign):
    other = CampaignFactory(launching_unit=tree.district_a, code="PT-A", state=Campaign.State.LAUNCHED)
    assert follow_through(campaign) == FollowThrough(has_responses=False, has_review=False, has_replicated_exemplar=False)

    Registration.objects.create(campaign=campaign, unit=tree.school_a, year=2025)
    Review.objects.create(campaign=campaign, unit=tree.province, kind="final", held_on=D(2026, 1, 15), summary="Tổng kết")
    exemplar = Exemplar.objects.create(kind="practice", campaign=campaign, unit=tree.school_a, title="Mô hình “Bữa cơm công đoàn”", description="…")
    reading = follow_through(campaign)
    assert reading.has_responses and reading.has_review and not reading.has_replicated_exemplar and not reading.counts

    Replication.objects.create(exemplar=exemplar, unit=tree.hospital_a, started_on=D(2025, 9, 1))
    assert follow_through(campaign).counts
    # The review was held in 2026: not in the year 2025.
    assert not follow_through(campaign, start=D(2025, 1, 1), end=D(2025, 12, 31)).has_review
    assert follow_through(campaign, start=D(2026, 1, 1), end=D(2026, 6, 30)).has_review
    # Another campaign's rows count for it, not for this one; many campaigns read in one query.
    Replication.objects.create(exemplar=Exemplar.objects.create(kind="unit", campaign=other, unit=tree.school_a, title="x", description="x"),
                               unit=tree.school_b, started_on=D(2025, 9, 1))
    readings = follow_through_of(Campaign.objects.filter(pk__in=[campaign.pk, other.pk]))
    assert readings[other.pk] == FollowThrough(has_responses=False, has_review=False, has_replicated_exemplar=True)
    assert readings[campaign.pk].counts


def test_a_review_before_the_campaign_does_not_count(tree, campaign, django_assert_num_queries):
    Review.objects.create(campaign=campaign, unit=tree.province, kind="interim", held_on=D(2024, 12, 1), summary="x")
    with django_assert_num_queries(1):
        assert not follow_through(campaign).has_review
