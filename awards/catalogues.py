"""Default award catalogues shipped with the portal (configurable afterwards by province staff).

Used by the data migration and by the demo data. The forms follow the table "Titles and award
forms" of the domain notes; the prize multipliers are the defaults of Decree 98/2023/NĐ-CP on award
money (prize = multiplier × base salary in force on the decision date, rounded up to 10,000 đ).
A change here or in the admin never rewrites a past decision: each award keeps its amount."""

import datetime

GRASSROOTS = ["cdcs", "nghiep-doan"]
UPPER_LEVEL = ["ldld-huyen", "cd-nganh", "cd-vien-chuc", "cd-kcn", "cd-xa-phuong"]
PROVINCE = ["ldld-tinh", "cd-nganh-tw"]
NATIONAL = ["tong-ldld"]

# code, name, scope, granted by (unit type codes), yearly title, vote threshold %, multiplier for a
# person, multiplier for a collective (None: the same), once per person, certificate heading, aliases
AWARD_FORMS = [
    ("lao-dong-tien-tien", "Lao động tiên tiến", "individual", GRASSROOTS, True, None, "0.3", None, False, "", ["LĐTT"]),
    ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", "individual", GRASSROOTS, True, "80", "1.0", None, False, "", ["CSTĐCS", "CSTĐ cơ sở", "Chiến sĩ thi đua"]),
    ("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", "collective", GRASSROOTS, True, None, None, "0.8", False, "", ["TTLĐTT", "Tập thể LĐTT"]),
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", "collective", PROVINCE, True, None, None, "1.5", False, "", ["TTLĐXS", "Tập thể LĐXS"]),
    ("giay-khen", "Giấy khen", "both", UPPER_LEVEL + GRASSROOTS, False, None, "0.3", "0.6", False, "GIẤY KHEN", ["GK"]),
    ("bang-khen-ldld-tinh", "Bằng khen của Ban Chấp hành LĐLĐ tỉnh", "both", PROVINCE, False, None, "1.0", "2.0", False, "BẰNG KHEN", ["Bằng khen LĐLĐ tỉnh", "Bằng khen BCH LĐLĐ tỉnh", "Bằng khen tỉnh", "BK LĐLĐ tỉnh"]),
    ("co-thi-dua-ldld-tinh", "Cờ thi đua của LĐLĐ tỉnh", "collective", PROVINCE, True, "80", None, "3.0", False, "", ["Cờ thi đua LĐLĐ tỉnh", "Cờ thi đua tỉnh"]),
    ("bang-khen-tld", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "both", NATIONAL, False, None, "1.0", "2.0", False, "BẰNG KHEN", ["Bằng khen TLĐ", "Bằng khen Tổng Liên đoàn", "BK TLĐ"]),
    ("co-thi-dua-tld", "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam", "collective", NATIONAL, True, "80", None, "3.0", False, "", ["Cờ thi đua TLĐ"]),
    ("bang-lao-dong-sang-tao", "Bằng Lao động sáng tạo", "individual", NATIONAL, False, None, "1.0", None, False, "", ["Bằng LĐST", "Lao động sáng tạo"]),
    ("ky-niem-chuong", "Kỷ niệm chương “Vì sự nghiệp xây dựng tổ chức Công đoàn”", "individual", NATIONAL, False, None, "0", None, True, "", ["Kỷ niệm chương", "KNC"]),
]

# code, name, order, counts towards "N consecutive years" chains, needs the initiative's benefit value,
# given by the employer (recorded by the CĐCS), aliases
AWARD_TYPES = [
    ("tong-ket-nam", "Tổng kết năm", 10, True, False, False, ["Hằng năm", "Thường xuyên", "Năm"]),
    ("chuyen-de", "Chuyên đề", 20, False, False, False, ["Theo chuyên đề"]),
    ("dot-xuat", "Đột xuất", 30, False, False, False, ["Khen thưởng đột xuất"]),
    ("theo-dot", "Theo đợt thi đua", 40, False, False, False, ["Theo đợt", "Sơ kết", "Sơ kết đợt"]),
    ("sang-kien", "Sáng kiến", 50, False, True, False, ["Theo sáng kiến", "Giá trị làm lợi"]),
    ("cong-hien", "Quá trình cống hiến", 60, False, False, False, ["Cống hiến"]),
    ("truy-tang", "Truy tặng", 70, False, False, False, []),
    ("nguoi-su-dung-lao-dong", "Người sử dụng lao động khen thưởng", 80, False, False, True, ["Doanh nghiệp khen thưởng", "Chủ doanh nghiệp", "Đơn vị sử dụng lao động"]),
]

# valid from, amount in đồng, rounding step in đồng, legal basis
BASE_SALARIES = [
    (datetime.date(2024, 7, 1), 2_340_000, 10_000, "Nghị định 73/2024/NĐ-CP"),
    (datetime.date(2026, 7, 1), 2_530_000, 10_000, "Mức lương cơ sở từ 01/7/2026"),
]


def load_default_catalogues(AwardForm, AwardType, BaseSalary, UnitType):
    """Create the default rows that are missing; rows already there are left as configured.

    Takes the model classes so the data migration can pass its historical models."""
    from decimal import Decimal

    types = {t.code: t for t in UnitType.objects.all()}
    for order, (code, name, scope, granted_by, yearly, vote, person_x, unit_x, once, heading, aliases) in enumerate(AWARD_FORMS, start=1):
        form, created = AwardForm.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                scope=scope,
                is_yearly_title=yearly,
                vote_threshold=Decimal(vote) if vote else None,
                prize_multiplier=Decimal(person_x or unit_x),
                collective_prize_multiplier=Decimal(unit_x) if unit_x and person_x else None,
                once_per_person=once,
                certificate_heading=heading,
                aliases="\n".join(aliases),
                order=order * 10,
            ),
        )
        if created:
            form.granting_unit_types.set([types[c] for c in granted_by if c in types])
    for code, name, order, chains, benefit, employer, aliases in AWARD_TYPES:
        AwardType.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name, order=order, counts_towards_chains=chains, needs_benefit_value=benefit,
                is_employer_award=employer, aliases="\n".join(aliases),
            ),
        )
    for valid_from, amount, step, basis in BASE_SALARIES:
        BaseSalary.objects.get_or_create(valid_from=valid_from, defaults=dict(amount=amount, rounding_step=step, legal_basis=basis))
