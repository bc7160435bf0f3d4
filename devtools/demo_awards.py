"""The award ledger of the demo (called by `manage.py seed_demo`, idempotent): the province's and two
district unions' decisions for 2023–2025 made through awards.services, one cancelled in part by a
correcting decision, the award funds, an employer's award and an initiative award at the demo chair's
union, and past awards imported through the import of awards (a spreadsheet built here), so that some
members hold three consecutive years of Chiến sĩ thi đua cơ sở and others do not."""

import datetime
import io
import random

import openpyxl

from awards import importing, services
from awards.models import AwardForm, AwardType, Decision
from devtools import demo_data as data
from units.models import Person, Unit


def _people(unit: Unit, rng: random.Random, count: int) -> list[Person]:
    pool = list(Person.objects.current().in_subtree(unit).select_related("unit").order_by("pk")[:2000])
    return rng.sample(pool, min(count, len(pool)))


def _grassroots_below(unit: Unit, rng: random.Random, count: int) -> list[Unit]:
    pool = list(Unit.objects.active().subtree_of(unit).filter(unit_type__is_grassroots=True).order_by("path"))
    return rng.sample(pool, min(count, len(pool)))


def seed_awards(*, by, chair_unit: Unit) -> dict[str, int]:
    """Returns what it created; nothing when the demo's decisions are already there."""
    if Decision.objects.exists():
        return {"decisions": 0, "awards": 0}
    rng = random.Random(f"{data.SEED}:awards")
    forms = {f.code: f for f in AwardForm.objects.all()}
    types = {t.code: t for t in AwardType.objects.all()}
    province = Unit.objects.get(code=data.ROOT["code"])
    districts = [Unit.objects.get(code=code) for code in data.AWARD_DISTRICTS]
    basis = "\n".join(data.LEGAL_BASIS)
    made = []
    for year in data.AWARD_YEARS:
        services.fund_set(unit=province, year=year, budget=data.PROVINCE_FUND, by=by, note="Dự toán quỹ khen thưởng")
        for district in districts:
            services.fund_set(unit=district, year=year, budget=data.DISTRICT_FUND, by=by)
        # The province: Bằng khen to twelve people and three unions, on 15 December (125/QĐ-LĐLĐ in 2025).
        decision = services.decision_create(
            issuing_unit=province, by=by, decided_on=datetime.date(year, 12, 15), number=125 if year == 2025 else None,
            symbol="QĐ-LĐLĐ", subject=f"Về việc khen thưởng thành tích xuất sắc năm {year}",
            signer_name=data.PROVINCE_SIGNER[0], signer_title=data.PROVINCE_SIGNER[1], legal_basis=basis,
        )
        for person in _people(province, rng, 12):
            services.award_add(decision=decision, by=by, person=person, form=forms["bang-khen-ldld-tinh"], award_type=types["tong-ket-nam"],
                               year=year, citation=rng.choice(data.CITATIONS).format(year=year))
        for unit in _grassroots_below(province, rng, 3):
            services.award_add(decision=decision, by=by, collective=unit, form=forms["bang-khen-ldld-tinh"], award_type=types["tong-ket-nam"],
                               year=year, citation=data.CITATIONS[1].format(year=year))
        made.append(services.decision_issue(decision=decision, by=by, confirm_over_budget=True))
        for award in made[-1].awards.all()[:8]:
            services.award_update(award=award, by=by, published=True)
        # Two district unions: Giấy khen to eight people and two unions; one an initiative award.
        for district in districts:
            decision = services.decision_create(
                issuing_unit=district, by=by, decided_on=datetime.date(year, 12, 20), symbol="QĐ-LĐLĐ",
                subject=f"Về việc tặng Giấy khen năm {year}", signer_name=district.people.order_by("pk").first().full_name if district.people.exists() else "",
                signer_title=data.DISTRICT_SIGNER_TITLE, legal_basis=basis,
            )
            chosen = _people(district, rng, 8)
            for n, person in enumerate(chosen):
                initiative = n == 0
                services.award_add(
                    decision=decision, by=by, person=person, form=forms["giay-khen"],
                    award_type=types["sang-kien" if initiative else "tong-ket-nam"], year=year,
                    citation=("Có sáng kiến cải tiến quy trình làm việc" if initiative else rng.choice(data.CITATIONS).format(year=year)),
                    benefit_value=rng.choice([85_000_000, 95_000_000, 120_000_000]) if initiative else None,
                )
            for unit in _grassroots_below(district, rng, 2):
                services.award_add(decision=decision, by=by, collective=unit, form=forms["giay-khen"], award_type=types["tong-ket-nam"], year=year)
            made.append(services.decision_issue(decision=decision, by=by, confirm_over_budget=True))
    # One province decision cancelled in part: an award obtained by a false declaration.
    cancelled = next(d for d in made if d.issuing_unit_id == province.pk and d.year == 2024)
    correcting = services.decision_correct(
        decision=cancelled, by=by, kind="cancel", decided_on=data.CANCEL_REASON_DAY, awards=[cancelled.awards.filter(person__isnull=False).first()],
        signer_name=data.PROVINCE_SIGNER[0], signer_title=data.PROVINCE_SIGNER[1],
        legal_basis=basis.replace("Xét đề nghị của Ban Chính sách – Pháp luật,", "Xét kết quả kiểm tra, xác minh hồ sơ khen thưởng,"),
    )
    made.append(services.decision_issue(decision=correcting, by=by))
    # The chair's union: the employer's quarterly award and the union's own Giấy khen for an initiative.
    employer = services.decision_create(issuing_unit=chair_unit, by=by, decided_on=datetime.date(2025, 10, 5), issuer_name=chair_unit.name.replace("Công đoàn ", ""))
    for person in _people(chair_unit, rng, 3):
        services.award_add(decision=employer, by=by, person=person, form=forms["giay-khen"], award_type=types["nguoi-su-dung-lao-dong"],
                           year=2025, citation="Hoàn thành xuất sắc nhiệm vụ quý III năm 2025")
    made.append(services.decision_issue(decision=employer, by=by))
    imported = _import_past_titles(by=by, rng=rng)
    return {"decisions": len(made) + imported.get("decisions", 0), "awards": sum(d.awards.count() for d in made) + imported["awards"]}


def _import_past_titles(*, by, rng: random.Random) -> dict[str, int]:
    """Chiến sĩ thi đua cơ sở and Lao động tiên tiến of 2022–2024 at some grassroots unions, as the
    spreadsheet the province kept, imported through the awards import (all or nothing)."""
    unions = list(Unit.objects.active().filter(unit_type__is_grassroots=True).order_by("path")[:12])
    rows = []
    for union in unions:
        people = list(union.people.current().order_by("pk")[:10])
        for n, person in enumerate(people):
            # The first three members: all three years (a chain of three); the next two: 2022 and 2024 only.
            years = (2022, 2023, 2024) if n < 3 else (2022, 2024) if n < 5 else (2024,)
            form = "Chiến sĩ thi đua cơ sở" if n < 5 else "Lao động tiên tiến"
            for year in years:
                rows.append([
                    person.full_name, person.date_of_birth, person.citizen_id or "", union.code, form, "Tổng kết năm", year,
                    f"{10 + year % 100}/QĐ-CĐCS", datetime.date(year, 12, 26), union.code,
                ])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(importing.AWARD_COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = importing.import_awards(buffer, user=by)
    if not report.ok:
        raise RuntimeError(f"demo awards import refused: {report.errors[:5]}")
    return {"awards": report.created, "decisions": len({(r[3], r[7]) for r in rows})}
