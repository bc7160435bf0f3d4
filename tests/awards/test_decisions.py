"""The award ledger: prizes from the base salary in force, numbers, issue, corrections, the fund."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards import services
from awards.models import Award, AwardFund, BaseSalary, Decision
from tests.factories import PersonFactory, award_form, award_type, make_decision


@pytest.fixture
def people(tree):
    return [
        PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa"),
        PersonFactory(unit=tree.hospital_a, full_name="Nguyễn Văn Hùng"),
        PersonFactory(unit=tree.school_b, full_name="Quàng Văn Đức"),
    ]


# Prizes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, form, collective, prize",
    [
        # Giấy khen for a person: 0.3 × 2,340,000 = 702,000 → rounded up to 710,000.
        (datetime.date(2026, 6, 30), "giay-khen", False, 710_000),
        # From 1/7/2026: 0.3 × 2,530,000 = 759,000 → 760,000.
        (datetime.date(2026, 7, 1), "giay-khen", False, 760_000),
        # Bằng khen of the province for a person: 1.0 × base salary, already round.
        (datetime.date(2026, 6, 30), "bang-khen-ldld-tinh", False, 2_340_000),
        (datetime.date(2026, 7, 1), "bang-khen-ldld-tinh", False, 2_530_000),
        # For a collective: 2.0 × and 0.6 ×.
        (datetime.date(2026, 7, 1), "bang-khen-ldld-tinh", True, 5_060_000),
        (datetime.date(2026, 7, 1), "giay-khen", True, 1_520_000),  # 1,518,000 → 1,520,000
    ],
)
def test_the_prize_is_the_multiplier_times_the_base_salary_of_the_decision_date_rounded_up(db, day, form, collective, prize):
    assert services.prize_for(award_form(form), collective=collective, on=day) == prize


def test_the_rounding_step_is_configurable_and_always_rounds_up(db):
    BaseSalary.objects.filter(valid_from=datetime.date(2026, 7, 1)).update(rounding_step=100_000)
    assert services.prize_for(award_form("giay-khen"), collective=False, on=datetime.date(2026, 7, 1)) == 800_000
    assert services.round_up(services.Decimal("700001"), 10_000) == 710_000
    assert services.round_up(services.Decimal("700000"), 10_000) == 700_000


def test_a_draft_follows_its_date_and_an_issued_decision_keeps_its_amounts(tree, cast, people):
    decision = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", decided_on=datetime.date(2026, 6, 30), by=cast.province_staff)
    assert decision.awards.get().prize_amount == 2_340_000
    services.decision_update(decision=decision, by=cast.province_staff, decided_on=datetime.date(2026, 7, 1))
    assert decision.awards.get().prize_amount == 2_530_000
    issued = services.decision_issue(decision=decision, by=cast.province_staff)
    # The catalogue changes later: the issued decision keeps the amount it was issued with.
    BaseSalary.objects.filter(valid_from=datetime.date(2026, 7, 1)).update(amount=3_000_000)
    award_form("bang-khen-ldld-tinh").__class__.objects.filter(code="bang-khen-ldld-tinh").update(prize_multiplier=5)
    assert issued.awards.get().prize_amount == 2_530_000


# Numbers ------------------------------------------------------------------------------------------


def test_numbers_follow_the_counter_of_the_unit_and_year(tree, cast, people):
    first = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    second = make_decision(tree.province, people=[people[1]], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    other_unit = make_decision(tree.district_a, people=[people[1]], issued=True, by=cast.officer)
    next_year = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", decided_on=datetime.date(2026, 1, 5), issued=True, by=cast.province_staff)
    assert (first.number, second.number, other_unit.number, next_year.number) == (1, 2, 1, 1)
    assert first.reference == "1/QĐ-LĐLĐ"
    assert services.number_propose(issuing_unit=tree.province, year=2025) == 3


def test_a_typed_number_is_kept_and_one_already_used_is_refused(tree, cast, people):
    make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", number=125, symbol="QĐ-LĐLĐ", issued=True, by=cast.province_staff)
    with pytest.raises(ValidationError) as refused:
        services.decision_create(issuing_unit=tree.province, by=cast.province_staff, decided_on=datetime.date(2025, 12, 20), number=125)
    assert "Số 125 năm 2025 đã dùng cho quyết định khác (125/QĐ-LĐLĐ)" in str(refused.value)
    # Typed at issue time too.
    draft = make_decision(tree.province, people=[people[1]], form="bang-khen-ldld-tinh", by=cast.province_staff)
    with pytest.raises(ValidationError):
        services.decision_issue(decision=draft, by=cast.province_staff, number=125)
    # The counter goes on after the typed number.
    assert services.decision_issue(decision=draft, by=cast.province_staff).number == 126


def test_the_form_refuses_a_typed_number_already_used(client, tree, cast, people):
    make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", number=125, issued=True, by=cast.province_staff)
    client.force_login(cast.province_staff)
    response = client.post(
        reverse("awards:decision-create") + f"?unit={tree.province.pk}",
        {"decided_on": "20/12/2025", "number": "125", "symbol": "QĐ-LĐLĐ"},
    )
    assert response.status_code == 200
    assert "Số 125 năm 2025 đã dùng cho quyết định khác" in response.content.decode()
    assert Decision.objects.count() == 1


# Issue --------------------------------------------------------------------------------------------


def test_an_issued_decision_cannot_be_edited_by_the_services(tree, cast, people):
    decision = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    award = decision.awards.get()
    message = "Quyết định này đã ban hành, không thể sửa nữa"
    for attempt in [
        lambda: services.decision_update(decision=decision, by=cast.province_staff, subject="Sửa"),
        lambda: services.award_add(decision=decision, by=cast.province_staff, person=people[1], form=award_form("bang-khen-ldld-tinh"), award_type=award_type("tong-ket-nam")),
        lambda: services.award_update(award=award, by=cast.province_staff, citation="Sửa"),
        lambda: services.award_remove(award=award, by=cast.province_staff),
        lambda: services.decision_delete(decision=decision, by=cast.province_staff),
        lambda: services.decision_issue(decision=decision, by=cast.province_staff),
    ]:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert message in str(refused.value) or "không thể" in str(refused.value)
    # The honour board is not the document: it may still change.
    services.award_update(award=award, by=cast.province_staff, published=True)
    assert Award.objects.get(pk=award.pk).published


def test_an_issued_decision_cannot_be_edited_from_its_pages(client, tree, cast, people):
    decision = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", issued=True, subject="Về việc khen thưởng", by=cast.province_staff)
    award = decision.awards.get()
    client.force_login(cast.province_staff)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert reverse("awards:decision-edit", args=[decision.pk]) not in page
    assert reverse("awards:awardee-add", args=[decision.pk]) not in page
    response = client.post(reverse("awards:decision-edit", args=[decision.pk]), {"decided_on": "01/01/2026", "subject": "Sửa"}, follow=True)
    assert "đã ban hành, không thể sửa" in response.content.decode()
    client.post(reverse("awards:award-remove", args=[award.pk]))
    client.post(reverse("awards:award-edit", args=[award.pk]), {"citation": "Sửa", "published": "on"})
    decision.refresh_from_db()
    assert decision.subject == "Về việc khen thưởng" and decision.decided_on == datetime.date(2025, 12, 15)
    assert Award.objects.get(pk=award.pk).citation == ""


def test_an_issued_decision_cannot_be_edited_in_the_admin(client, tree, people):
    from tests.factories import UserFactory

    decision = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", issued=True)
    admin = UserFactory(username="quantri.admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    change_url = reverse("admin:awards_decision_change", args=[decision.pk])
    assert client.get(change_url).status_code == 200  # shown, read-only
    client.post(change_url, {"subject": "Sửa trong trang quản trị", "decided_on": "01/01/2026"})
    assert client.post(reverse("admin:awards_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code == 403
    decision.refresh_from_db()
    assert decision.subject == "" and Decision.objects.filter(pk=decision.pk).exists()
    page = client.get(change_url).content.decode()
    assert 'name="subject"' not in page


def test_only_keepers_of_the_issuing_unit_may_act(tree, cast, people):
    with pytest.raises(PermissionDenied):
        services.decision_create(issuing_unit=tree.province, by=cast.officer, decided_on=datetime.date(2025, 12, 1))
    with pytest.raises(PermissionDenied):
        services.decision_create(issuing_unit=tree.district_a, by=cast.leadership, decided_on=datetime.date(2025, 12, 1))


def test_a_unit_awards_only_its_own_people_and_only_forms_it_may_grant(tree, cast, people):
    district = services.decision_create(issuing_unit=tree.district_a, by=cast.officer, decided_on=datetime.date(2025, 12, 1))
    with pytest.raises(ValidationError) as outside:
        services.award_add(decision=district, by=cast.officer, person=people[2], form=award_form("giay-khen"), award_type=award_type("tong-ket-nam"))
    assert "không thuộc LĐLĐ thành phố Điện Biên Phủ" in str(outside.value)
    with pytest.raises(ValidationError) as beyond:
        services.award_add(decision=district, by=cast.officer, person=people[0], form=award_form("bang-khen-ldld-tinh"), award_type=award_type("tong-ket-nam"))
    assert "không có thẩm quyền tặng" in str(beyond.value)
    with pytest.raises(ValidationError) as twice:
        for _ in range(2):
            services.award_add(decision=district, by=cast.officer, person=people[0], form=award_form("giay-khen"), award_type=award_type("tong-ket-nam"))
    assert "đã có “Giấy khen” trong quyết định này" in str(twice.value)


def test_the_employer_and_initiative_awards_recorded_by_the_grassroots_chair(tree, cast, people):
    employer = services.decision_create(
        issuing_unit=tree.school_a, by=cast.chair, decided_on=datetime.date(2025, 9, 30), issuer_name="Trường THPT Phan Đình Giót",
    )
    award = services.award_add(
        decision=employer, by=cast.chair, person=people[0], form=award_form("giay-khen"), award_type=award_type("nguoi-su-dung-lao-dong"),
        citation="Lao động xuất sắc quý III",
    )
    assert award.prize_amount == 0  # the employer pays its own prizes, not the union's fund
    issued = services.decision_issue(decision=employer, by=cast.chair)
    assert issued.is_issued and issued.number is None
    union = services.decision_create(issuing_unit=tree.school_a, by=cast.chair, decided_on=datetime.date(2025, 10, 1))
    with pytest.raises(ValidationError) as no_value:
        services.award_add(decision=union, by=cast.chair, person=people[0], form=award_form("giay-khen"), award_type=award_type("sang-kien"))
    assert "Ghi giá trị làm lợi của sáng kiến" in str(no_value.value)
    initiative = services.award_add(
        decision=union, by=cast.chair, person=people[0], form=award_form("giay-khen"), award_type=award_type("sang-kien"), benefit_value=85_000_000,
    )
    assert initiative.benefit_value == 85_000_000 and initiative.prize_amount == 710_000


# Corrections --------------------------------------------------------------------------------------


def test_a_correcting_decision_cancels_some_awardees_and_shows_on_both_sides(client, tree, cast, people):
    old = make_decision(tree.province, people=people, form="bang-khen-ldld-tinh", number=125, issued=True, by=cast.province_staff)
    hung = old.awards.get(person=people[1])
    correcting = services.decision_correct(
        decision=old, by=cast.province_staff, kind="cancel", decided_on=datetime.date(2026, 2, 10), awards=[hung],
    )
    assert correcting.subject == "Về việc hủy bỏ Quyết định số 125/QĐ-LĐLĐ"
    hung.refresh_from_db()
    assert hung.cancelled_by is None  # a draft cancels nothing yet
    correcting = services.decision_issue(decision=correcting, by=cast.province_staff)
    hung.refresh_from_db()
    assert hung.cancelled_by == correcting
    assert Award.objects.in_force().filter(decision=old).count() == 2

    client.force_login(cast.province_staff)
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "Đã bị hủy bỏ (toàn bộ hoặc một phần) bởi" in old_page and f"Quyết định số {correcting.reference} ngày 10/02/2026" in old_page
    new_page = client.get(correcting.get_absolute_url()).content.decode()
    assert "Quyết định này hủy bỏ" in new_page and "Quyết định số 125/QĐ-LĐLĐ ngày 15/12/2025" in new_page and "Nguyễn Văn Hùng" in new_page
    # The person's page shows the award and its cancellation.
    person_page = client.get(people[1].get_absolute_url()).content.decode()
    assert "Bằng khen của Ban Chấp hành LĐLĐ tỉnh" in person_page and f"Đã hủy bỏ bởi QĐ {correcting.reference}" in person_page


def test_an_amending_decision_replaces_the_awards_and_pays_only_the_difference(tree, cast, people):
    old = make_decision(tree.district_a, people=[people[0]], form="giay-khen", decided_on=datetime.date(2026, 6, 1), issued=True, by=cast.officer)
    correcting = services.decision_correct(decision=old, by=cast.officer, kind="amend", decided_on=datetime.date(2026, 7, 15))
    replacement = correcting.awards.get()
    assert replacement.replaces == old.awards.get()
    assert replacement.prize_amount == 760_000 - 710_000
    services.decision_issue(decision=correcting, by=cast.officer)
    assert old.awards.get().cancelled_by_id == correcting.pk
    with pytest.raises(ValidationError):
        services.decision_correct(decision=old, by=cast.officer, kind="cancel", decided_on=datetime.date(2026, 8, 1))


# The fund -----------------------------------------------------------------------------------------


def test_a_decision_over_the_fund_needs_a_confirmation_saying_by_how_much(client, tree, cast, people):
    AwardFund.objects.create(unit=tree.province, year=2025, budget=5_000_000)
    make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)  # 2,340,000
    draft = make_decision(tree.province, people=people[1:], form="bang-khen-ldld-tinh", by=cast.province_staff)  # 4,680,000
    status = services.fund_status(decision=draft)
    assert (status.budget, status.spent, status.this_decision, status.remaining, status.over_by) == (5_000_000, 2_340_000, 4_680_000, -2_020_000, 2_020_000)
    with pytest.raises(services.OverBudget) as over:
        services.decision_issue(decision=draft, by=cast.province_staff)
    assert "vượt quỹ khen thưởng năm 2025 là 2.020.000 đ" in over.value.message
    client.force_login(cast.province_staff)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Vượt quỹ 2.020.000 đ." in page
    response = client.post(reverse("awards:decision-issue", args=[draft.pk]), {}, follow=True)
    assert "vượt quỹ khen thưởng năm 2025 là 2.020.000 đ" in response.content.decode()
    assert Decision.objects.get(pk=draft.pk).is_draft
    client.post(reverse("awards:decision-issue", args=[draft.pk]), {"confirm_over_budget": "on"})
    issued = Decision.objects.get(pk=draft.pk)
    assert issued.is_issued and issued.confirmed_over_budget == 2_020_000


# Pages --------------------------------------------------------------------------------------------


def test_an_officer_records_a_decision_from_the_pages(client, tree, cast, people):
    client.force_login(cast.officer)
    response = client.post(
        reverse("awards:decision-create") + f"?unit={tree.district_a.pk}",
        {"decided_on": "15/12/2025", "symbol": "QĐ-LĐLĐ", "subject": "Về việc khen thưởng năm 2025", "signer_name": "Lường Văn Thành",
         "signer_title": "Chủ tịch", "legal_basis": "Căn cứ Điều lệ Công đoàn Việt Nam;\nCăn cứ Luật Thi đua, khen thưởng 2022;"},
    )
    decision = Decision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    # The picker finds people without accents, in the district only.
    picker = client.get(reverse("awards:awardee-add", args=[decision.pk]), {"q": "hung nguyen"}).content.decode()
    assert "Nguyễn Văn Hùng" in picker and "Quàng Văn Đức" not in picker
    client.post(
        reverse("awards:awardee-add", args=[decision.pk]),
        {"people": [people[0].pk, people[1].pk], "form": award_form("giay-khen").pk, "award_type": award_type("tong-ket-nam").pk, "year": "2025", "citation": "Hoàn thành xuất sắc nhiệm vụ"},
    )
    assert decision.awards.count() == 2
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "1.420.000 đ" in page and "Căn cứ Luật Thi đua, khen thưởng 2022;" in page
    client.post(reverse("awards:decision-issue", args=[decision.pk]), {"number": ""})
    decision.refresh_from_db()
    assert decision.is_issued and decision.reference == "1/QĐ-LĐLĐ"
    listing = client.get(reverse("awards:decision-list"), {"year": "2025"}).content.decode()
    assert "1/QĐ-LĐLĐ" in listing and "15/12/2025" in listing


def test_the_decision_list_filters(client, tree, cast, people):
    make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", number=125, issued=True, by=cast.province_staff)
    make_decision(tree.district_a, people=[people[1]], number=7, decided_on=datetime.date(2024, 12, 20), issued=True, by=cast.officer)
    client.force_login(cast.province_staff)
    url = reverse("awards:decision-list")
    assert "125/QĐ-LĐLĐ" in client.get(url, {"q": "125"}).content.decode()
    by_year = client.get(url, {"year": "2024"}).content.decode()
    assert "7/QĐ-CĐ" in by_year and "125/QĐ-LĐLĐ" not in by_year
    by_form = client.get(url, {"form": award_form("giay-khen").pk}).content.decode()
    assert "7/QĐ-CĐ" in by_form and "125/QĐ-LĐLĐ" not in by_form


def test_a_chair_sees_issued_decisions_awarding_their_people_but_not_drafts(client, tree, cast, people):
    issued = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    draft = make_decision(tree.province, people=[people[0]], form="bang-khen-ldld-tinh", by=cast.province_staff)
    elsewhere = make_decision(tree.province, people=[people[2]], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    client.force_login(cast.chair)
    assert client.get(issued.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    assert set(Decision.objects.visible_to(cast.chair)) == {issued}
