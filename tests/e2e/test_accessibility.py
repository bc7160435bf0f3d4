"""The pages people work in pass axe-core's WCAG 2.1 A/AA checks, on a desktop and on a phone:
contrast, labels, names of buttons, headings of tables, no link hidden inside another control."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from django.utils import timezone

from portal.attachments.services import attachment_add
from portal.jobs.models import Job
from portal.notices.services import notices_mark_read, notify
from tests.attachments.conftest import PDF, upload
from tests.e2e.test_tree_browser import log_in
from awards import services as award_services
from tests.factories import PersonFactory, TrainingRecordFactory, make_decision
from units import membership

WCAG = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}


def violations(page) -> list[str]:
    found = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes'][:3]]}" for v in found]


@pytest.mark.parametrize("width", [1280, 360])
def test_pages_pass_the_wcag_checks(live_server, page, tree, cast, width):
    person = PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa")
    TrainingRecordFactory(person=person)
    membership.record_moves([(person.pk, tree.school_b.pk, tree.school_a.pk)], by=cast.officer)
    notify(to=cast.province_staff, by=cast.officer, title="Hồ sơ khen thưởng bị trả lại", body="Bổ sung biên bản.", link="/units/")
    read = notify(to=cast.province_staff, by=None, title="Thông báo đã đọc")[0]
    notices_mark_read(by=cast.province_staff, pk=read.pk)
    jobs = [
        Job.objects.create(kind="import_people", owner=cast.province_staff, input_name="doan-vien.xlsx", **fields)
        for fields in [
            {"state": "running", "done": 30, "total": 100, "lease_until": timezone.now() + datetime.timedelta(minutes=5)},
            {"state": "failed", "report": {"failure": "stopped"}},
            {"state": "ready", "report": {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "errors": [], "notes": []}},
        ]
    ]
    attachment_add(owner=tree.district_a, upload=upload("Quyết định thành lập.pdf", PDF), by=cast.province_staff)
    # The award ledger: an issued decision (then cancelled in part), a draft with awardees, a fund.
    issued = make_decision(tree.province, people=[person], collectives=[tree.school_a], form="bang-khen-ldld-tinh", number=125, issued=True, by=cast.province_staff)
    correcting = award_services.decision_correct(decision=issued, by=cast.province_staff, kind="cancel", decided_on=datetime.date(2026, 1, 5), awards=[issued.awards.first()])
    draft = make_decision(tree.province, people=[person], form="bang-khen-ldld-tinh", legal_basis="Căn cứ Luật Thi đua, khen thưởng 2022;", by=cast.province_staff)
    award_services.fund_set(unit=tree.province, year=2025, budget=3_000_000, by=cast.province_staff)
    # Blocs (hbreview): the districts' bloc reviewed with a practice, the direct bloc scoring (the review form).
    from blocs import services as bloc_services
    from campaigns.models import Title
    from tests.blocs.conftest import BlocWorld

    blocs = BlocWorld(tree, cast)
    blocs.open(blocs.districts)
    blocs.open(blocs.direct)
    bloc_services.review_record(
        bloc=blocs.districts, by=cast.province_staff, held_on=datetime.date(2025, 12, 20), acclaimed=blocs.member_a,
        # Listed on the new decision's page. (get_or_create: the live server's flush drops the seeded titles.)
        proposed_title=Title.objects.get_or_create(code="co-thi-dua-ldld-tinh", defaults={"name": "Cờ thi đua của LĐLĐ tỉnh", "for_collective": True})[0],
        practices=[bloc_services.PracticeLine(title="Mô hình “Bữa cơm công đoàn”", presented_by=blocs.member_b)],
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    assert violations(page) == [], "login"
    log_in(page, live_server, "canbo.cspl")
    paths = [
        "/", "/units/", tree.district_a.get_absolute_url(), "/members/", "/members/?q=lo+thi", person.get_absolute_url(),
        "/members/new/", f"/members/{person.pk}/leave/", "/import/members/", "/roles/", "/roles/new/", f"/units/{tree.school_a.pk}/move/",
        "/notices/", "/notices/settings/", "/healthz/page/",
        *[job.get_absolute_url() for job in jobs],
        f"/files/add/units.unit/{tree.district_a.pk}/",
        "/awards/decisions/", "/awards/decisions/?year=2025&state=issued", "/awards/decisions/new/", issued.get_absolute_url(),
        correcting.get_absolute_url(), draft.get_absolute_url(), f"/awards/decisions/{draft.pk}/edit/",
        f"/awards/decisions/{draft.pk}/awardees/?q=lo+thi", f"/awards/decisions/{draft.pk}/awardees/?q=truong&kind=unit",
        f"/awards/decisions/{issued.pk}/correct/", f"/awards/awardees/{draft.awards.first().pk}/edit/", "/awards/funds/",
        "/members/?award_year=2025", tree.school_a.get_absolute_url(), "/awards/import/",
        reverse("blocs:review", args=[blocs.districts.pk]), reverse("blocs:review", args=[blocs.direct.pk]),
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert violations(page) == [], path


@pytest.mark.urls("tests.portal.urls_boom")
@pytest.mark.parametrize("width", [1280, 360])


def test_error_pages_pass_the_wcag_checks(live_server, page, tree, cast, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "chutich.a1")
    for path, status in [("/members/?q=%00", 400), ("/roles/", 403), ("/units/99999999999999999999/", 404), ("/boom/", 500)]:
        response = page.goto(live_server.url + path)
        assert response.status == status, path
        assert violations(page) == [], path
    # The expired-form page: a form sent without its CSRF cookie.
    page.goto(live_server.url + reverse("units:person-create"))
    page.context.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="Lưu").click()
    assert page.locator("h1").inner_text() == "Biểu mẫu đã hết hạn"
    assert violations(page) == [], "csrf failure"


# Campaigns (camp-launch): the list, a draft's form and its launch confirmation, a launched campaign's


# page, its status (by the level below, the late list) and the coverage of the year.
@pytest.mark.parametrize("width", [1280, 360])
def test_campaign_pages_pass_the_wcag_checks(live_server, page, tree, cast, width):
    from campaigns.duties import refresh_duties
    from campaigns.models import Campaign, Duty
    from tests.factories import CampaignFactory

    running = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, code="PT-LDG")
    refresh_duties(running)
    Duty.objects.filter(campaign=running, unit=tree.school_a).update(plan_number="01/KH", plan_date=datetime.date(2025, 2, 1), launched_on=datetime.date(2025, 2, 10), launch_method="meeting")
    CampaignFactory(launching_unit=tree.province, code="PT-XANH", name="Xanh – Sạch – Đẹp, Bảo đảm an toàn vệ sinh lao động")
    draft = Campaign.objects.get(code="PT-XANH")
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "canbo.cspl")
    paths = [
        "/", reverse("campaigns:list"), reverse("campaigns:create"), running.get_absolute_url(), draft.get_absolute_url(),
        reverse("campaigns:launch", args=[draft.pk]), reverse("campaigns:status", args=[running.pk]),
        reverse("campaigns:status", args=[running.pk]) + f"?under={tree.district_a.pk}&late=1",
        reverse("campaigns:coverage") + "?year=2025",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert violations(page) == [], path


# camp-duty: the to-do list, a duty's page (forms and files), the plans-and-launches import and its job page.
@pytest.mark.parametrize("width", [1280, 360])
def test_plan_and_launch_pages_pass_the_wcag_checks(live_server, page, tree, cast, width, settings, tmp_path):
    from campaigns.duties import refresh_duties
    from campaigns.models import Campaign, Duty
    from tests.factories import CampaignFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
    refresh_duties(campaign)
    duty = Duty.objects.get(campaign=campaign, unit=tree.school_a)
    attachment_add(owner=duty, upload=upload("Kế hoạch 05.pdf", PDF), by=cast.chair, purpose="plan")
    jobs = [
        Job.objects.create(kind="import_launches", owner=cast.chair, input_name="ke-hoach.xlsx", **fields)
        for fields in [
            {"state": "ready", "report": {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "errors": [], "notes": [],
                                          "changes": [{"row": 2, "name": "CDCS-A1 — Công đoàn", "changes": [["Số kế hoạch", "", "05/KH"]], "correction": False}]}},
            {"state": "refused", "report": {"rows": 1, "created": 0, "updated": 0, "unchanged": 0, "notes": [],
                                            "errors": [{"row": 2, "column": "Mã đơn vị", "message": "Mã đơn vị “X” không có trong các đơn vị thuộc phạm vi của bạn."}]}},
        ]
    ]
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "chutich.a1")
    paths = [reverse("campaigns:todo"), duty.get_absolute_url(), reverse("campaigns:import-launches"), *[job.get_absolute_url() for job in jobs]]
    for index, path in enumerate(paths):
        page.goto(live_server.url + path)
        assert violations(page) == [], path
        page.screenshot(path=f"var/screenshots/campaign-duty-pages-{index}-{width}.png", full_page=True)
    # The read-only duty page, as leadership sees it.
    page.context.clear_cookies()
    log_in(page, live_server, "lanhdao")
    page.goto(live_server.url + duty.get_absolute_url())
    assert violations(page) == [], "duty (read only)"


# camp-reg: registrations to emulate, progress and reviews of a campaign.
@pytest.mark.parametrize("width", [1280, 360])
def test_registration_pages_pass_the_wcag_checks(live_server, page, tree, cast, width):
    from campaigns import registrations
    from campaigns.duties import refresh_duties
    from campaigns.models import Campaign, Title
    from tests.campaigns.test_registrations import load_titles
    from tests.factories import CampaignFactory

    load_titles()
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
    refresh_duties(campaign)
    hoa = PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa")
    PersonFactory(unit=tree.school_a, full_name="Quàng Văn Thiết")
    registration = registrations.registration_create(
        campaign=campaign, unit=tree.school_a, year=2025, collective_title=Title.objects.get(code="tap-the-lao-dong-xuat-sac"),
        entries=[(hoa, Title.objects.get(code="chien-si-thi-dua-co-so"))], by=cast.chair,
    )
    progress = registrations.progress_create(
        campaign=campaign, unit=tree.school_a, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31),
        summary="Phát động thi đua quý I", by=cast.chair,
    )
    review = registrations.review_create(
        campaign=campaign, unit=tree.school_a, kind="interim", held_on=datetime.date(2025, 7, 15), summary="Sơ kết 6 tháng",
        participants=45, initiatives=3, benefit_value=1_500_000, by=cast.chair,
    )
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "chutich.a1")
    paths = [
        reverse("campaigns:registrations", args=[campaign.pk]),
        reverse("campaigns:registration-create", args=[campaign.pk]),
        registration.get_absolute_url(),
        reverse("campaigns:registration-edit", args=[registration.pk]),
        reverse("campaigns:registration-edit", args=[registration.pk]) + "?q=quang",
        reverse("campaigns:progress-create", args=[campaign.pk]),
        progress.get_absolute_url(),
        reverse("campaigns:review-create", args=[campaign.pk]),
        review.get_absolute_url(),
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
    # A refused form, with its messages.
    page.goto(live_server.url + reverse("campaigns:review-create", args=[campaign.pk]))
    page.get_by_label("Số người tham dự").fill("-3")
    page.get_by_role("button", name="Lưu").click()
    assert "Giá trị phải lớn hơn hoặc bằng 0." in page.content()
    assert violations(page) == [], "refused review"


# camp-exemplar: the exemplars pages of the user's area and the public page (logged out).
@pytest.mark.parametrize("width", [1280, 360])
def test_exemplar_pages_pass_the_wcag_checks(live_server, page, tree, cast, width, settings, tmp_path):
    from campaigns.exemplars import replication_create
    from tests.e2e.test_public_exemplars import public_items

    settings.MEDIA_ROOT = tmp_path / "media"
    first = public_items(tree, cast)
    replication_create(exemplar=first, unit=tree.hospital_a, started_on=datetime.date(2025, 6, 1), by=cast.officer, note="Áp dụng ở khoa.")
    page.set_viewport_size({"width": width, "height": 800})
    for path in ["/cong-khai/", "/cong-khai/?q=lo+van", "/cong-khai/?q=khong+co+gi", f"/cong-khai/{first.public_token}/"]:
        assert page.goto(live_server.url + path).status == 200, path
        assert violations(page) == [], path
    log_in(page, live_server, "canbo.dbp")
    for path in [
        reverse("campaigns:exemplars"), reverse("campaigns:exemplars") + "?published=no&kind=practice",
        reverse("campaigns:exemplar-create"), reverse("campaigns:exemplar-create") + "?person_q=lo+van",
        first.get_absolute_url(), reverse("campaigns:replication-create", args=[first.pk]),
    ]:
        assert page.goto(live_server.url + path).status == 200, path
        assert violations(page) == [], path


def shoot(page, width, path):
    """SCREENSHOTS=dir keeps a full-page PNG of each page looked at, to open and look at."""
    import os

    if os.environ.get("SCREENSHOTS"):
        name = path.strip("/").replace("/", "_").replace("?", "_")[:50]
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{width}-{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 360])
def test_award_documents_and_public_award_pages_pass_the_wcag_checks(live_server, page, tree, cast, width):
    """The decision's documents page, the signed-upload page, the certificates' job page, and the
    public verification page and honour board (seen without logging in)."""
    hoa = PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa")
    hung = PersonFactory(unit=tree.hospital_a, full_name="Nguyễn Văn Hùng")
    issued = make_decision(tree.province, people=[hoa, hung], form="bang-khen-ldld-tinh", number=125, issued=True, by=cast.province_staff)
    kept, gone = issued.awards.order_by("order")
    award_services.award_update(award=kept, by=cast.province_staff, published=True)
    correcting = award_services.decision_correct(decision=issued, by=cast.province_staff, kind="cancel", decided_on=datetime.date(2026, 1, 5), awards=[gone])
    award_services.decision_issue(decision=correcting, by=cast.province_staff)
    draft = make_decision(tree.province, people=[hoa], form="bang-khen-ldld-tinh", by=cast.province_staff)
    job = Job.objects.create(kind="award_certificates", owner=cast.province_staff, params={"decision": issued.pk}, state="done",
                             report={"certificates": 1, "decision": issued.pk})
    # The issued PDF made by the job worker (each issue above ran its job once committed): its job's
    # page, a decision whose PDF is being prepared and one whose preparation failed (with Retry),
    # their kept PDFs taken away and their jobs written as the worker leaves them.
    from awards.documents.models import DecisionDocument
    from awards.models import Decision

    pdf_jobs = {
        state: Job.objects.create(kind="award_decision_pdf", owner=cast.province_staff, params={"decision": decision.pk}, state=state, **extra)
        for state, decision, extra in [
            ("done", issued, {"report": {"decision": issued.pk, "signed": False}}),
            ("running", correcting, {"done": 0, "total": 1, "lease_until": timezone.now() + datetime.timedelta(minutes=5)}),
        ]
    }
    Decision.objects.filter(pk=correcting.pk).update(pdf_job=pdf_jobs["running"])
    other = make_decision(tree.province, people=[hung], form="bang-khen-ldld-tinh", number=126, issued=True, by=cast.province_staff)
    failed = Job.objects.create(kind="award_decision_pdf", owner=cast.province_staff, params={"decision": other.pk}, state="failed", report={"failure": "stopped"})
    Decision.objects.filter(pk=other.pk).update(pdf_job=failed)
    DecisionDocument.objects.filter(decision__in=[correcting, other]).delete()
    page.set_viewport_size({"width": width, "height": 800})
    for path in [reverse("awards_public:verify", args=[kept.token]), reverse("awards_public:verify", args=[gone.token]),
                 reverse("awards_public:honour-board"), reverse("awards_public:honour-board") + "?q=khong+ai"]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
        shoot(page, width, path)
    log_in(page, live_server, "canbo.cspl")
    for path in [reverse("awards:decision-documents", args=[issued.pk]), reverse("awards:decision-documents", args=[draft.pk]),
                 reverse("awards:decision-signed-upload", args=[issued.pk]), job.get_absolute_url(),
                 pdf_jobs["done"].get_absolute_url(), pdf_jobs["running"].get_absolute_url(), failed.get_absolute_url(),
                 correcting.get_absolute_url(), reverse("awards:decision-documents", args=[correcting.pk]),
                 other.get_absolute_url(), reverse("awards:decision-documents", args=[other.pk])]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
        shoot(page, width, path)


# Blocs (issue 15): a member's score sheet (the officer's self-score form, with a refused line; the
# organiser's official form; the read-only sheet) and the bloc's ranking.
@pytest.mark.parametrize("width", [1280, 360])
def test_bloc_score_pages_pass_the_wcag_checks(live_server, page, tree, cast, width, settings, tmp_path):
    from decimal import Decimal

    from blocs import services
    from tests.blocs.conftest import criteria_by_code
    from tests.e2e.test_bloc_scoring import scoring_world

    settings.MEDIA_ROOT = tmp_path / "media"
    world = scoring_world(tree, cast)
    c = criteria_by_code(world.districts)
    services.self_score(member=world.member_a, points={c["1.1"].pk: Decimal("18.5")}, by=cast.officer)
    services.official_score(member=world.member_a, entries={c["1.1"].pk: (Decimal(17), "Kế hoạch ban hành chậm.")}, by=cast.province_staff)
    sheet = reverse("blocs:scores", args=[world.districts.pk, world.member_a.pk])
    ranking = reverse("blocs:ranking", args=[world.districts.pk])
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "canbo.dbp")
    for path in [sheet, ranking]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
    page.goto(live_server.url + sheet)
    page.locator(f"#id_points-{c['1.2'].pk}").fill("25")
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    assert "vượt quá điểm tối đa" in page.content()
    assert violations(page) == [], "refused self-score"
    page.context.clear_cookies()
    log_in(page, live_server, "canbo.cspl")
    for path in [sheet, ranking]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
    page.context.clear_cookies()
    log_in(page, live_server, "lanhdao")  # sees the sheet, changes nothing
    page.goto(live_server.url + sheet)
    assert violations(page) == [], "read-only sheet"
