"""Exemplars and good practices in the user's area: recording (with the member picker), the photo,
the publish switch held by the unit above, replication, the list's filters and its query count."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import exemplars as services
from campaigns.models import Campaign, Exemplar, Replication
from tests.attachments.conftest import JPEG, PDF, PNG, upload
from tests.factories import CampaignFactory, PersonFactory, UnitFactory

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_exemplar(unit, by, *, kind=Exemplar.Kind.PRACTICE, title="Tổ công đoàn tự quản", description="Cách làm hay của tổ.", person=None, campaign=None, photo=None, published_by=None):
    exemplar = services.exemplar_create(
        by=by, kind=kind, unit=unit, person=person, campaign=campaign, title=title, description=description,
        recognised_on=D(2025, 5, 1), photo=photo,
    )
    if published_by is not None:
        exemplar = services.exemplar_publish(exemplar=exemplar, publish=True, by=published_by)
    return exemplar


def test_a_chair_records_a_person_of_the_registry_picked_without_accents(client, tree, cast):
    hoa = PersonFactory(unit=tree.school_a, full_name="Lò Văn Hoà", citizen_id="011085000123")
    PersonFactory(unit=tree.hospital_a, full_name="Lò Văn Hải")  # another union: not offered to this chair
    client.force_login(cast.chair)
    picker = client.get(reverse("campaigns:exemplar-create"), {"person_q": "lo van"}).content.decode()
    assert "Lò Văn Hoà" in picker and "Lò Văn Hải" not in picker
    fragment = client.get(reverse("campaigns:exemplar-create"), {"person_q": "hoa lo"}, HTTP_HX_REQUEST="true")
    assert "Lò Văn Hoà" in fragment.content.decode() and "<html" not in fragment.content.decode()
    response = client.post(reverse("campaigns:exemplar-create"), {
        "kind": "person", "person": hoa.pk, "description": "Gương mẫu trong lao động sản xuất.",
        "recognised_on": "01/05/2025", "photo": upload("chan-dung.jpg", JPEG),
    })
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302 and response["Location"] == exemplar.get_absolute_url()
    assert (exemplar.title, exemplar.unit, exemplar.person, exemplar.recorded_by) == ("Lò Văn Hoà", tree.school_a, hoa, cast.chair)
    assert exemplar.photo.kind == "jpg" and not exemplar.is_published
    page = client.get(exemplar.get_absolute_url()).content.decode()
    assert "Lò Văn Hoà" in page and reverse("attachments:download", args=[exemplar.photo.pk]) in page
    assert reverse("campaigns:exemplar-publish", args=[exemplar.pk]) not in page  # the chair does not hold the switch


def test_a_person_must_be_picked_and_a_pdf_is_no_photo(client, tree, cast):
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:exemplar-create"), {"kind": "person", "description": "x", "recognised_on": "01/05/2025"})
    assert response.status_code == 400 and "Hãy chọn người điển hình từ danh sách đoàn viên: tìm theo tên rồi chọn." in response.content.decode()
    response = client.post(reverse("campaigns:exemplar-create"), {
        "kind": "practice", "unit": tree.school_a.code, "title": "Mô hình", "description": "x", "recognised_on": "01/05/2025",
        "photo": upload("anh.pdf", PDF),
    })
    assert response.status_code == 400 and "Ảnh phải là tệp JPG hoặc PNG." in response.content.decode()
    assert not Exemplar.objects.exists()


def test_a_chair_cannot_record_for_the_neighbour_union(client, tree, cast):
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:exemplar-create"), {
        "kind": "unit", "unit": tree.hospital_a.code, "title": "Công đoàn vững mạnh", "description": "x", "recognised_on": "01/05/2025",
    })
    assert response.status_code == 400 and not Exemplar.objects.exists()
    assert "CDCS-A2" in response.content.decode()  # "no unit with this code in your area"
    with pytest.raises(PermissionDenied):
        make_exemplar(tree.hospital_a, cast.chair)


def test_publish_is_held_by_the_unit_above_and_records_who_and_when(client, tree, cast):
    exemplar = make_exemplar(tree.school_a, cast.chair)
    url = reverse("campaigns:exemplar-publish", args=[exemplar.pk])
    client.force_login(cast.chair)
    assert client.post(url, {"publish": "1"}).status_code == 403  # the finder's own chair
    exemplar.refresh_from_db()
    assert not exemplar.is_published
    client.force_login(cast.officer)  # the district above
    assert client.post(url, {"publish": "1"}).status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.is_published and exemplar.published_by == cast.officer
    assert client.get(reverse("public:exemplar", args=[exemplar.public_token])).status_code == 200
    client.force_login(cast.province_staff)
    assert client.post(url, {"publish": "0"}).status_code == 302
    exemplar.refresh_from_db()
    assert not exemplar.is_published and exemplar.unpublished_by == cast.province_staff and exemplar.unpublished_at
    assert client.get(reverse("public:exemplar", args=[exemplar.public_token])).status_code == 404


def test_the_photo_can_be_replaced_by_a_png_but_not_by_a_pdf(client, tree, cast):
    exemplar = make_exemplar(tree.school_a, cast.chair, photo=upload("a.jpg", JPEG))
    client.force_login(cast.chair)
    client.post(reverse("campaigns:exemplar-photo", args=[exemplar.pk]), {"photo": upload("b.pdf", PDF)})
    exemplar.refresh_from_db()
    assert exemplar.photo.kind == "jpg"
    client.post(reverse("campaigns:exemplar-photo", args=[exemplar.pk]), {"photo": upload("b.png", PNG)})
    exemplar.refresh_from_db()
    assert exemplar.photo.kind == "png"


def test_replication_records_which_unit_took_it_up_and_when(client, tree, cast):
    exemplar = make_exemplar(tree.school_a, cast.chair)
    client.force_login(cast.officer)
    url = reverse("campaigns:replication-create", args=[exemplar.pk])
    response = client.post(url, {"unit": tree.hospital_a.code, "started_on": "01/06/2025", "note": "Áp dụng cho tổ điều dưỡng."})
    assert response.status_code == 302
    replication = Replication.objects.get()
    assert (replication.unit, replication.started_on, replication.recorded_by) == (tree.hospital_a, D(2025, 6, 1), cast.officer)
    assert tree.hospital_a.name in client.get(exemplar.get_absolute_url()).content.decode()
    # Twice, the finder itself, before it was recognised, a unit out of reach: each refused, nothing written.
    for data in [
        {"unit": tree.hospital_a.code, "started_on": "02/06/2025"},
        {"unit": tree.school_a.code, "started_on": "02/06/2025"},
        {"unit": tree.district_a.code, "started_on": "01/01/2025"},
        {"unit": tree.school_b.code, "started_on": "02/06/2025"},
    ]:
        assert client.post(url, data).status_code == 400, data
    assert Replication.objects.count() == 1


def test_the_list_filters_by_kind_campaign_and_published(client, tree, cast):
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
    from campaigns.duties import refresh_duties

    refresh_duties(campaign)
    make_exemplar(tree.school_a, cast.officer, title="Mô hình một", campaign=campaign, published_by=cast.officer)
    make_exemplar(tree.school_a, cast.officer, kind=Exemplar.Kind.UNIT, title="Đơn vị hai")
    make_exemplar(tree.school_b, cast.province_staff, title="Mô hình ba")  # the other district
    client.force_login(cast.officer)
    url = reverse("campaigns:exemplars")

    def titles(**params):
        page = client.get(url, params).context["page"]
        return sorted(e.title for e in page)

    assert titles() == ["Mô hình một", "Đơn vị hai"]
    assert titles(kind="unit") == ["Đơn vị hai"]
    assert titles(campaign=campaign.pk) == ["Mô hình một"]
    assert titles(published="yes") == ["Mô hình một"] and titles(published="no") == ["Đơn vị hai"]
    assert titles(q="mo hinh") == ["Mô hình một"]


def test_the_list_costs_the_same_queries_for_three_or_thirty(client, tree, cast):
    def count():
        client.force_login(cast.officer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("campaigns:exemplars")).status_code == 200
        return len(queries)

    for n in range(3):
        make_exemplar(tree.school_a, cast.officer, title=f"Mô hình {n}")
    few = count()
    for n in range(27):
        unit = UnitFactory(parent=tree.district_a)
        make_exemplar(unit, cast.officer, title=f"Mô hình thêm {n}", photo=upload("a.png", PNG) if n % 2 else None)
    assert count() == few


def test_the_campaign_page_section_lists_its_exemplars_in_one_query(rf, tree, cast):
    from django.template.loader import render_to_string

    campaign = CampaignFactory(launching_unit=tree.province)
    make_exemplar(tree.school_a, cast.province_staff, title="Mô hình của phong trào", campaign=campaign)
    request = rf.get("/")
    request.user = cast.province_staff
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("campaigns/detail/_exemplars.html", {"campaign": campaign, "request": request})
    assert "Mô hình của phong trào" in html and len([q for q in queries if "campaigns_exemplar" in q["sql"]]) == 1


def test_services_refuse_without_the_rule(tree, cast):
    exemplar = make_exemplar(tree.school_a, cast.chair)
    with pytest.raises(PermissionDenied):
        services.exemplar_publish(exemplar=exemplar, publish=True, by=cast.chair)
    with pytest.raises(PermissionDenied):
        services.replication_create(exemplar=exemplar, unit=tree.school_b, started_on=D(2025, 6, 1), by=cast.officer)
    with pytest.raises(ValidationError):
        services.exemplar_create(by=cast.chair, kind="person", unit=None, title="", description="x", recognised_on=D(2025, 1, 1))


def test_the_picker_search_is_a_get_form_of_its_own(client, tree, cast):
    """Without JavaScript, "Tìm" sends only the words (and the kind), never the main form's CSRF token."""
    client.force_login(cast.chair)
    page = client.get(reverse("campaigns:exemplar-create")).content.decode()
    search = page.split('<form id="person-search"')[1].split("</form>")[0]
    assert 'method="get"' in search and "csrfmiddlewaretoken" not in search
    assert 'name="person_q" id="id_person_q" form="person-search"' in page
