"""What a decision's documents print, gathered once: the heading of the issuing body, the national
motto, number and symbol, place and date, the articles, the signature block, the recipients and the
annex rows. Plain data, read by the Word draft and the PDF template alike."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Sum

from awards.models import Award, Correction, Decision
from awards.services import money

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc")


def upper(text: str) -> str:
    return (text or "").upper()


def unit_heading(unit) -> tuple[str, str]:
    """The two lines top left for a document a unit issues: the body above it, then the unit itself
    ("TỔNG LĐLĐ VIỆT NAM / LĐLĐ TỈNH ĐIỆN BIÊN"). Also the heading of other administrative papers
    (a bloc's ranking, blocs/exports.py)."""
    parent = unit.parent
    above = parent.display_name if parent is not None else settings.AWARD_DOCUMENT_TOP_BODY
    return upper(above), upper(unit.display_name)


def issuing_body(decision: Decision) -> tuple[str, str]:
    """The heading of a decision: its issuing unit's (unit_heading). An employer's decision names the employer only."""
    if decision.issuer_name:
        return "", upper(decision.issuer_name)
    return unit_heading(decision.issuing_unit)


def above_name(decision: Decision) -> str:
    """The body the issuing unit reports to, as written among the recipients."""
    parent = decision.issuing_unit.parent
    return parent.display_name if parent is not None else settings.AWARD_DOCUMENT_TOP_BODY_NAME


def place_for(unit) -> str:
    """The place before the date ("Điện Biên, ngày …"): per unit code, else the province's."""
    return settings.AWARD_DOCUMENT_PLACES.get(unit.code, settings.AWARD_DOCUMENT_PLACE)


def place_of(decision: Decision) -> str:
    return place_for(decision.issuing_unit)


def written_date(day: datetime.date) -> str:
    """"ngày 05 tháng 01 năm 2026": the administrative way (a day under 10 and the months 1 and 2 take a 0)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def board_for(unit) -> str:
    """Who acts in a union's name: the standing committee, or a grassroots union's executive committee."""
    return "Ban Chấp hành" if unit.unit_type.is_grassroots else "Ban Thường vụ"


def board_of(decision: Decision) -> str:
    return board_for(decision.issuing_unit)


@dataclass(frozen=True)
class Row:
    """One line of the annex."""

    number: int
    name: str
    unit: str
    form: str
    award_type: str
    year: int
    citation: str
    prize: str
    collective: bool
    token: str


@dataclass
class DecisionContent:
    decision: Decision
    body_above: str
    body: str
    motto: tuple[str, str]
    reference_line: str  # "Số: 125/QĐ-LĐLĐ" (a draft: "Số:      /QĐ-LĐLĐ")
    place_date: str  # "Điện Biên, ngày 15 tháng 12 năm 2025"
    title: str  # "QUYẾT ĐỊNH"
    subject: str
    authority: str  # "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN"
    bases: list[str]
    articles: list[str]
    sign_for: str  # "TM. BAN THƯỜNG VỤ"
    signer_title: str  # "CHỦ TỊCH"
    signer_name: str
    recipients: list[str]
    annex_title: str
    annex_subtitle: str
    rows: list[Row] = field(default_factory=list)
    # A correcting decision: the awards of the corrected decision it cancels (or replaces).
    cancelled_title: str = ""
    cancelled_of: str = ""
    cancelled_rows: list[Row] = field(default_factory=list)
    total: str = ""
    draft: bool = False


def annex_rows(decision: Decision, awards=None):
    """The awardees in the decision's order, one Row each, read in chunks (500 rows stay small)."""
    awards = (
        (Award.objects.filter(decision=decision) if awards is None else awards)
        .select_related("form", "award_type")
        .order_by("order", "id")
        .only("awardee_name", "unit_name", "collective_id", "year", "citation", "prize_amount", "token",
              "form__name", "award_type__name", "order")
    )
    for number, award in enumerate(awards.iterator(chunk_size=500), start=1):
        yield Row(
            number=number, name=award.awardee_name, unit=award.unit_name, form=award.form.name,
            award_type=award.award_type.name, year=award.year, citation=award.citation,
            prize=money(award.prize_amount) if award.prize_amount else "", collective=award.collective_id is not None,
            token=award.token,
        )


def decision_content(decision: Decision) -> DecisionContent:
    """Everything the decision's documents print. A handful of queries whatever the number of awardees."""
    decision = Decision.objects.select_related("issuing_unit__unit_type", "issuing_unit__parent", "corrects").get(pk=decision.pk)
    above, body = issuing_body(decision)
    reference = decision.reference if decision.number is not None else f"      /{decision.symbol}"
    board = board_of(decision)
    unit_name = decision.issuer_name or decision.issuing_unit.name
    authority = upper(unit_name) if decision.issuer_name else upper(f"{board} {unit_name}")
    rows = list(annex_rows(decision))
    cancelled_rows = list(annex_rows(decision, decision.cancelled_awards.all())) if decision.corrects_id else []
    people = sum(1 for r in rows if not r.collective)
    collectives = len(rows) - people
    total = decision.awards.aggregate(s=Sum("prize_amount"))["s"] or 0
    forms = sorted({r.form for r in rows})
    reference_of_this = decision.reference or f"…/{decision.symbol}"
    annex_subtitle = (
        f"(Kèm theo Quyết định số {reference_of_this} {written_date(decision.decided_on)} "
        f"của {board} {decision.issuing_unit.display_name})"
    )
    articles = []
    if decision.corrects_id:
        old = decision.corrects
        verb = "Hủy bỏ" if decision.correction == Correction.CANCEL else "Sửa đổi"
        cancelled = len(cancelled_rows)
        articles.append(
            f"{verb} {cancelled} trường hợp khen thưởng tại Quyết định số {old.reference} {written_date(old.decided_on)} "
            f"của {board} {decision.issuing_unit.display_name}"
            + " (có danh sách kèm theo)."
        )
    if rows:
        whom = []
        if people:
            whom.append(f"{people} cá nhân")
        if collectives:
            whom.append(f"{collectives} tập thể")
        articles.append(
            f"Tặng {', '.join(forms)} cho {' và '.join(whom)} có tên trong danh sách kèm theo, "
            "đã có thành tích xuất sắc trong phong trào thi đua."
        )
        if total:
            articles.append(
                f"Kèm theo mức tiền thưởng theo quy định; tổng số tiền thưởng: {money(total)}, "
                f"chi từ quỹ khen thưởng của {decision.issuing_unit.display_name}."
            )
    articles.append(
        "Văn phòng, các ban, đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này. Quyết định có hiệu lực kể từ ngày ký."
    )
    return DecisionContent(
        decision=decision,
        body_above=above,
        body=body,
        motto=MOTTO,
        reference_line=f"Số: {reference}",
        place_date=f"{place_of(decision)}, {written_date(decision.decided_on)}",
        title="QUYẾT ĐỊNH",
        subject=decision.subject or "Về việc khen thưởng",
        authority=authority,
        bases=[line if line.endswith((";", ".")) else f"{line};" for line in decision.legal_basis_lines()],
        articles=[f"Điều {i}. {text}" for i, text in enumerate(articles, start=1)],
        sign_for=f"TM. {upper(board)}" if not decision.issuer_name else "",
        signer_title=upper(decision.signer_title or "Chủ tịch"),
        signer_name=decision.signer_name,
        recipients=[f"Như Điều {len(articles)};", f"{above_name(decision)} (để báo cáo);", "Lưu: VT."],
        annex_title="DANH SÁCH KHEN THƯỞNG",
        annex_subtitle=annex_subtitle,
        rows=rows,
        cancelled_title=(
            "DANH SÁCH HỦY BỎ KHEN THƯỞNG" if decision.correction == Correction.CANCEL else "DANH SÁCH SỬA ĐỔI KHEN THƯỞNG"
        ) if cancelled_rows else "",
        cancelled_of=(
            f"tại Quyết định số {decision.corrects.reference} {written_date(decision.corrects.decided_on)}" if cancelled_rows else ""
        ),
        cancelled_rows=cancelled_rows,
        total=money(total) if total else "",
        draft=decision.is_draft,
    )
