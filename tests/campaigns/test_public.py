"""The public page of exemplars and good practices (no login): only what is published, nothing
private, accent-insensitive search, share cards with absolute URLs, the Atom feed, cheap and cacheable."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.duties import refresh_duties
from campaigns.models import Exemplar
from tests.attachments.conftest import JPEG, PNG, upload
from tests.campaigns.test_exemplars import make_exemplar
from tests.factories import CampaignFactory, PersonFactory, UnitFactory

CITIZEN_ID = "011085004321"
BORN = "07/03/1985"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def items(tree, cast):
    """A published exemplary person (with a photo, a citizen ID and a date of birth), a published good
    practice of a campaign, and an unpublished one."""
    import datetime

    campaign = CampaignFactory(launching_unit=tree.province, name="Xanh - Sạch - Đẹp, Bảo đảm an toàn vệ sinh lao động", state="launched")
    refresh_duties(campaign)
    person = PersonFactory(unit=tree.school_a, full_name="Lò Văn Mừng", citizen_id=CITIZEN_ID, date_of_birth=datetime.date(1985, 3, 7))
    person_item = make_exemplar(
        tree.school_a, cast.chair, kind=Exemplar.Kind.PERSON, person=person, title="Lò Văn Mừng",
        description="Giáo viên dạy giỏi, sáng kiến dạy học cho học sinh dân tộc Thái.", photo=upload("mung.jpg", JPEG),
        published_by=cast.officer,
    )
    practice = make_exemplar(
        tree.hospital_a, cast.officer, title="Bữa cơm công đoàn", description="Mỗi tháng một bữa cơm chung của đoàn viên.",
        campaign=campaign, published_by=cast.province_staff,
    )
    hidden = make_exemplar(
        tree.school_b, cast.province_staff, title="Mô hình chưa duyệt", description="Chưa được cấp trên công bố.",
        photo=upload("an.png", PNG),
    )
    return person_item, practice, hidden


def test_the_public_page_needs_no_login_and_shows_only_the_published_without_private_fields(client, items):
    person_item, practice, hidden = items
    response = client.get(reverse("public:exemplars"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lò Văn Mừng" in html and "Bữa cơm công đoàn" in html and "Công đoàn Bệnh viện Đa khoa tỉnh" in html
    assert "Xanh - Sạch - Đẹp" in html  # the campaign's name
    assert reverse("public:exemplar-photo", args=[person_item.public_token]) in html
    assert "Mô hình chưa duyệt" not in html and hidden.public_token not in html
    assert CITIZEN_ID not in html and BORN not in html and "1985" not in html
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


def test_an_item_page_by_token_and_its_share_cards(client, items):
    person_item, practice, hidden = items
    response = client.get(reverse("public:exemplar", args=[person_item.public_token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert CITIZEN_ID not in html and BORN not in html and "1985" not in html
    photo = f"http://testserver{reverse('public:exemplar-photo', args=[person_item.public_token])}"
    page = f"http://testserver{reverse('public:exemplar', args=[person_item.public_token])}"
    assert '<meta property="og:title" content="Lò Văn Mừng">' in html
    assert f'<meta property="og:image" content="{photo}">' in html
    assert f'<meta property="og:url" content="{page}">' in html
    assert '<meta property="og:description" content="Giáo viên dạy giỏi' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    # A practice without a photo has a card all the same, without an image.
    html = client.get(reverse("public:exemplar", args=[practice.public_token])).content.decode()
    assert 'og:title" content="Bữa cơm công đoàn"' in html and "og:image" not in html and 'twitter:card" content="summary"' in html


def test_unpublished_and_unknown_tokens_are_404_and_ids_do_not_work(client, items):
    person_item, practice, hidden = items
    assert client.get(reverse("public:exemplar", args=[hidden.public_token])).status_code == 404
    assert client.get(reverse("public:exemplar", args=["khong-co-ma-nay"])).status_code == 404
    assert client.get(f"/cong-khai/{person_item.pk}/").status_code == 404


def test_the_photo_is_served_only_for_a_published_item(client, items):
    person_item, practice, hidden = items
    response = client.get(reverse("public:exemplar-photo", args=[person_item.public_token]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == JPEG
    assert "public" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("public:exemplar-photo", args=[hidden.public_token])).status_code == 404
    assert client.get(reverse("public:exemplar-photo", args=[practice.public_token])).status_code == 404  # no photo


def test_a_photo_of_an_item_taken_down_is_404(client, items, cast):
    from campaigns.exemplars import exemplar_publish

    person_item = items[0]
    exemplar_publish(exemplar=person_item, publish=False, by=cast.officer)
    assert client.get(reverse("public:exemplar-photo", args=[person_item.public_token])).status_code == 404
    assert "Lò Văn Mừng" not in client.get(reverse("public:exemplars")).content.decode()


@pytest.mark.parametrize("query, found", [
    ("lo van", ["Lò Văn Mừng"]), ("LÒ VĂN MỪNG", ["Lò Văn Mừng"]), ("mung lo", ["Lò Văn Mừng"]),
    ("bua com", ["Bữa cơm công đoàn"]), ("dan toc thai", ["Lò Văn Mừng"]), ("chua duyet", []), ("xyz", []),
])
def test_search_without_accents_finds_only_the_published(client, items, query, found):
    page = client.get(reverse("public:exemplars"), {"q": query}).context["page"]
    assert [item.title for item in page] == found


def test_the_kind_filter(client, items):
    page = client.get(reverse("public:exemplars"), {"kind": "practice"}).context["page"]
    assert [item.title for item in page] == ["Bữa cơm công đoàn"]


def test_the_atom_feed_has_the_published_and_nothing_private(client, items):
    person_item, practice, hidden = items
    response = client.get(reverse("public:feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert CITIZEN_ID not in xml and BORN not in xml and "1985" not in xml and "Mô hình chưa duyệt" not in xml
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Bữa cơm công đoàn", "Lò Văn Mừng"]  # the latest first
    links = {entry.findtext(f"{ATOM}title"): entry.find(f"{ATOM}link[@rel='alternate']").get("href") for entry in entries}
    assert links["Lò Văn Mừng"] == f"http://testserver{reverse('public:exemplar', args=[person_item.public_token])}"
    enclosure = entries[1].find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure.get("href").endswith(reverse("public:exemplar-photo", args=[person_item.public_token])) and enclosure.get("type") == "image/jpeg"
    assert "public" in response["Cache-Control"]


def test_the_login_page_links_to_the_public_page(client):
    assert reverse("public:exemplars") in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("role", ["admin", "province_staff", "officer", "chair", "leadership", "council", "nobody", None])
def test_public_urls_are_the_same_for_every_role_and_for_a_visitor(client, items, cast, role):
    """The public URLs are outside the logged-in scoping (tests/test_scoping_matrix.py): whoever asks,
    logged in or not, gets the published item and its photo, and a 404 for the unpublished one."""
    person_item, practice, hidden = items
    if role:
        client.force_login(getattr(cast, role))
    for name, token, status in [
        ("public:exemplar", person_item.public_token, 200), ("public:exemplar-photo", person_item.public_token, 200),
        ("public:exemplar", hidden.public_token, 404), ("public:exemplar-photo", hidden.public_token, 404),
    ]:
        assert client.get(reverse(name, args=[token])).status_code == status, (name, status)
    assert "Mô hình chưa duyệt" not in client.get(reverse("public:exemplars")).content.decode()
    assert "Mô hình chưa duyệt" not in client.get(reverse("public:feed")).content.decode()


def test_public_pages_cost_the_same_queries_for_three_or_thirty(client, tree, cast, items):
    def counts():
        result = []
        for url in [reverse("public:exemplars"), reverse("public:exemplars") + "?q=bua+com", reverse("public:feed"), reverse("public:exemplar", args=[items[0].public_token])]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    few = counts()
    for n in range(30):
        unit = UnitFactory(parent=tree.district_a)
        make_exemplar(unit, cast.officer, title=f"Mô hình số {n}", photo=upload("a.png", PNG) if n % 2 else None, published_by=cast.officer)
    assert counts() == few
    assert max(few) <= 3
