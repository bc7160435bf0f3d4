"""The emulation blocs of the demo province (`seed_demo`, issue 15): the LĐLĐ tỉnh's two blocs for 2024
and 2025, made through the blocs services as the province staff account (canbo.cspl) would make them,
with the members' own chairs and officers entering their self-scores.

- "Khối các LĐLĐ huyện, thị xã, thành phố": the ten district federations of the demo tree;
- "Khối các công đoàn ngành và CĐCS trực thuộc": the three sector unions and the CĐCS directly under the
  province.

2024 is finished: leader and deputy named, the pledge (giao ước) attached as a real PDF, the sheet (the
plan's targets and tasks as criteria, devtools.demo_data words), every member self-scored before the
deadline and officially scored (some lines lowered, each with its reason), the review (tổng kết khối)
held: the leading member acclaimed and proposed for "Cờ thi đua của LĐLĐ tỉnh", the good practices linked
to the demo's 2024 exemplars, the minutes attached. 2025 copies the 2024 sheet and adjusts two criteria;
leader and deputy rotate (the unit acclaimed in 2024 leads); scoring is open and half of each bloc has
self-scored (a few with an official score already), no review yet.

Each member needs its own chair or officer to self-score: the demo has one account per role, so the
accounts a real province would have are added here (an officer at each district and sector union, the
chair of each CĐCS directly under the province), all with the demo password. Deterministic (every
choice from a generator seeded with the demo's seed) and idempotent: nothing is written when the
province already has a bloc for these years.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blocs import ranking, services, sheets
from blocs.attachments import PLEDGE
from blocs.models import Bloc, BlocMember, Criterion
from blocs.rules import SELF_SCORERS
from blocs.services import PracticeLine
from blocs.sheets import SheetLine
from campaigns.models import Exemplar, Title
from devtools import demo_data as data
from devtools import sample_files
from portal.attachments.services import attachment_add
from units.access import Role
from units.models import RoleAssignment, Unit

K = Criterion.Kind
D = Decimal
YEARS = (2024, 2025)
DISTRICTS = "Khối các LĐLĐ huyện, thị xã, thành phố"
DIRECT = "Khối các công đoàn ngành và CĐCS trực thuộc"
FLAG = ("co-thi-dua-ldld-tinh", "Cờ thi đua của LĐLĐ tỉnh")

# The sheet: the plan's yearly targets (II) and its tasks (III) as criteria, 100 points, with bonus and penalty lines.
SHEET = [
    SheetLine("1", "Đổi mới nội dung, hình thức tổ chức thi đua", K.GROUP, D(30)),
    SheetLine("1.1", "100% công đoàn cấp trên cơ sở và 90% CĐCS xây dựng kế hoạch, tổ chức phát động các phong trào "
                     "thi đua do Liên đoàn Lao động chỉ đạo", K.ITEM, D(10)),
    SheetLine("1.2", "100% phong trào thi đua sau khi phát động được hưởng ứng, nuôi dưỡng, sơ kết, tổng kết", K.ITEM, D(10)),
    SheetLine("1.3", "Cụ thể hóa nội dung, hình thức thi đua phù hợp với từng loại hình cơ quan, đơn vị, doanh nghiệp",
              K.ITEM, D(10)),
    SheetLine("2", "Phát hiện, lựa chọn, tôn vinh, nhân rộng điển hình tiên tiến", K.GROUP, D(20)),
    SheetLine("2.1", "Phát hiện mô hình mới, cách làm hay, cá nhân có nhiều sáng kiến, sáng tạo", K.ITEM, D(10)),
    SheetLine("2.2", "Biểu dương, tôn vinh kịp thời và nhân rộng điển hình tiên tiến sau khen thưởng", K.ITEM, D(10)),
    SheetLine("3", "Đổi mới công tác khen thưởng", K.GROUP, D(25)),
    SheetLine("3.1", "Khen thưởng kịp thời, chính xác, công khai, minh bạch, hướng về người lao động trực tiếp", K.ITEM, D(10)),
    SheetLine("3.2", "Ít nhất 15% cá nhân được khen thưởng là công nhân, lao động trực tiếp sản xuất, công chức, viên chức "
                     "không giữ vị trí lãnh đạo, quản lý", K.ITEM, D(10)),
    SheetLine("3.3", "Hồ sơ khen thưởng đơn giản, đúng quy định; ứng dụng công nghệ thông tin", K.ITEM, D(5)),
    SheetLine("4", "Tuyên truyền, chỉ đạo và cán bộ làm công tác thi đua, khen thưởng", K.GROUP, D(25)),
    SheetLine("4.1", "Quán triệt, tuyên truyền về thi đua, khen thưởng; đưa vào chương trình công tác hằng năm", K.ITEM, D(10)),
    SheetLine("4.2", "100% cán bộ làm công tác thi đua, khen thưởng được tập huấn, bồi dưỡng nghiệp vụ", K.ITEM, D(10)),
    SheetLine("4.3", "Định kỳ 6 tháng, 1 năm báo cáo kết quả gửi LĐLĐ tỉnh (qua Ban Chính sách – Pháp luật) đúng hạn",
              K.ITEM, D(5)),
    SheetLine("T1", "Điểm thưởng: có mô hình mới, cách làm hay được LĐLĐ tỉnh giới thiệu, nhân rộng", K.BONUS, D(3)),
    SheetLine("T2", "Điểm thưởng: có tập thể, cá nhân được khen thưởng đột xuất", K.BONUS, D(2)),
    SheetLine("P1", "Điểm trừ: gửi báo cáo chậm hoặc không đúng hạn", K.PENALTY, D(3)),
    SheetLine("P2", "Điểm trừ: không tham gia hoạt động chung của Khối", K.PENALTY, D(2)),
]
# 2025's two adjusted criteria: more weight on finding new models, less on the ceremonies (group 2 still 20).
ADJUSTED_2025 = {
    "2.1": ("Phát hiện mô hình mới, cách làm hay, cá nhân có nhiều sáng kiến được công nhận, nhân rộng", D(12)),
    "2.2": ("Biểu dương, tôn vinh kịp thời điển hình tiên tiến sau khen thưởng", D(8)),
}
# Why an official score is lower than the member's own (the reason the member reads).
REASONS = {
    "1.1": "Chưa có minh chứng kế hoạch, biên bản phát động của một số CĐCS trực thuộc.",
    "1.2": "Một phong trào chưa tổ chức sơ kết giữa năm.",
    "2.1": "Mô hình đăng ký chưa được Hội đồng thi đua xác nhận là mô hình mới.",
    "3.2": "Tỷ lệ cá nhân là lao động trực tiếp được khen thưởng đạt 12%, chưa đạt chỉ tiêu 15%.",
    "4.2": "Còn cán bộ làm công tác thi đua, khen thưởng chưa tham gia tập huấn năm nay.",
    "4.3": "Báo cáo 6 tháng gửi chậm so với thời hạn của LĐLĐ tỉnh.",
}
DUE = {2024: datetime.date(2024, 11, 30)}
PLEDGE_DAY = {2024: datetime.date(2024, 3, 15), 2025: datetime.date(2025, 3, 12)}
SELF_SCORED_ON = datetime.date(2024, 11, 20)
REVIEW = {"held_on": datetime.date(2024, 12, 18), "place": "Hội trường Liên đoàn Lao động tỉnh Điện Biên"}
OFFICIAL_2025 = 2  # of each bloc's self-scored members in 2025, those the province has scored already


def rng_for(*parts) -> random.Random:
    return random.Random(":".join(str(part) for part in (data.SEED, "blocs", *parts)))


def upload(name: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_files.pdf(lines), content_type="application/pdf")


def member_units(root: Unit) -> dict[str, list[Unit]]:
    below = Unit.objects.filter(parent=root).active().select_related("unit_type").order_by("code")
    return {
        DISTRICTS: [u for u in below if u.unit_type.code == "ldld-huyen"],
        DIRECT: [u for u in below if u.unit_type.is_upper_level and u.unit_type.code != "ldld-huyen"]
                + [u for u in below if u.unit_type.is_grassroots],
    }


def scorer_username(unit: Unit) -> str:
    """canbo.tg for LĐLĐ huyện Tuần Giáo (H-TG), canbo.yt for CĐ ngành Y tế (CDN-YT), chutich.tt001 for the
    first CĐCS directly under the province (CDCS-TT-001); the demo's canbo.dbp keeps TP Điện Biên Phủ."""
    if unit.unit_type.is_grassroots:
        return "chutich." + unit.code.removeprefix("CDCS-").replace("-", "").lower()
    if unit.code == "TP-DBP":
        return "canbo.dbp"
    return "canbo." + unit.code.split("-")[-1].lower()


def _person_name(unit: Unit) -> str:
    people = unit.people.order_by("pk")
    person = people.filter(union_post=data.CHAIR).first() or people.filter(works_on_emulation=True).first()
    return person.full_name if person else ""


def ensure_scorers(units: list[Unit], *, password_of) -> tuple[dict[int, object], int]:
    """The chair or officer of each member unit (an account is added where the demo has none), by unit id;
    and how many accounts were added. New accounts take the demo password's hash of `password_of`."""
    User = get_user_model()
    scorers, added = {}, 0
    for unit in units:
        held = (RoleAssignment.objects.filter(unit=unit, role__in=SELF_SCORERS).select_related("user")
                .order_by("user__username").first())
        if held is None:
            username = scorer_username(unit)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create(username=username, password=password_of.password, first_name=_person_name(unit),
                                           email=data.demo_email(username))
                added += 1
            role = Role.GRASSROOTS_CHAIR if unit.unit_type.is_grassroots else Role.UPPER_LEVEL_OFFICER
            held = RoleAssignment.objects.create(user=user, role=role, unit=unit)
        scorers[unit.pk] = get_user_model().objects.get(pk=held.user_id)  # fresh: its grants are read anew
    return scorers, added


def _half_points(value: float) -> Decimal:
    return (D(str(value)) * 2).quantize(D(1), rounding=ROUND_HALF_UP) / 2


def self_points(rng: random.Random, criterion: Criterion, strength: float) -> Decimal:
    """What a member gives itself: most of each line's points (stronger members more), bonus now and then,
    a penalty rarely (members seldom take points off themselves)."""
    top = criterion.max_points
    if criterion.kind == K.PENALTY:
        return top / 2 if rng.random() < 0.1 else D(0)
    if criterion.kind == K.BONUS:
        return top if rng.random() < strength - 0.6 else D(0)
    return min(top, _half_points(float(top) * min(1.0, strength + rng.uniform(-0.04, 0.06))))


class BlocSeeder:
    def __init__(self, *, staff):
        self.staff = staff  # canbo.cspl: sets up, scores officially, records the review
        self.root = Unit.objects.get(code=data.ROOT["code"])
        self.created = dict.fromkeys(("blocs", "members", "scores", "reviews", "practices", "files", "accounts"), 0)

    def run(self) -> dict[str, int]:
        if Bloc.objects.filter(organiser=self.root, year__in=YEARS).exists():
            return self.created
        self.flag = Title.objects.get_or_create(code=FLAG[0], defaults={"name": FLAG[1], "for_collective": True})[0]
        units = member_units(self.root)
        self.scorers, self.created["accounts"] = ensure_scorers(
            [unit for members in units.values() for unit in members], password_of=self.staff)
        for name, members in units.items():
            last = self.year_2024(name, members)
            self.year_2025(name, members, last)
        return self.created

    # --- set-up --------------------------------------------------------------------------------

    def set_up(self, name: str, year: int, members: list[Unit], *, due, leader: Unit, deputy: Unit) -> Bloc:
        staff = self.staff
        bloc = services.bloc_create(
            by=staff, organiser=self.root, year=year, name=name, self_scoring_due_on=due,
            note=(f"Khối thi đua thuộc LĐLĐ tỉnh năm {year}: các đơn vị thi đua theo giao ước, tự chấm điểm theo bảng "
                  f"tiêu chí trước hạn; LĐLĐ tỉnh chấm điểm chính thức và tổng kết Khối vào tháng 12."),
        )
        by_unit = {unit.pk: services.member_add(bloc=bloc, unit=unit, by=staff) for unit in members}
        self.created["blocs"] += 1
        self.created["members"] += len(by_unit)
        bloc = services.bloc_update(bloc=bloc, by=staff, pledge_signed_on=PLEDGE_DAY[year],
                                    leader=by_unit[leader.pk], deputy=by_unit[deputy.pk])
        attachment_add(owner=bloc, by=staff, purpose=PLEDGE, upload=upload(
            f"Giao-uoc-thi-dua-{year}-{'LDLD-huyen' if name == DISTRICTS else 'nganh-truc-thuoc'}.pdf",
            ["LIEN DOAN LAO DONG TINH DIEN BIEN", f"BAN GIAO UOC THI DUA NAM {year}", name,
             f"Ky ngay {PLEDGE_DAY[year]:%d/%m/%Y}. Truong khoi: {leader.name}; pho khoi: {deputy.name}.",
             "Cac don vi thanh vien cam ket thuc hien cac chi tieu cua Ke hoach doi moi cong tac thi dua, khen thuong "
             "cua LDLD tinh Dien Bien; tu cham diem theo bang tieu chi cua Khoi.",
             *[f"{n}. {unit.name}" for n, unit in enumerate(members, start=1)]]))
        self.created["files"] += 1
        return bloc

    # --- 2024: scored and reviewed -----------------------------------------------------------------

    def year_2024(self, name: str, members: list[Unit]) -> Bloc:
        rng = rng_for(2024, name)
        leader, deputy = members[0], members[1]
        bloc = self.set_up(name, 2024, members, due=DUE[2024], leader=leader, deputy=deputy)
        sheets.sheet_save(bloc=bloc, lines=SHEET, by=self.staff)
        bloc = services.scoring_open(bloc=bloc, by=self.staff)
        lines = [c for c in sheets.lines_of(bloc) if c.scored]
        changed = 0
        for member in bloc.members.select_related("unit__unit_type").order_by("unit__code"):
            strength = rng.uniform(0.74, 0.97)
            own = {c.pk: self_points(rng, c, strength) for c in lines}
            services.self_score(member=member, points=own, by=self.scorers[member.unit_id], today=SELF_SCORED_ON)
            entries = {}
            for c in lines:
                # The province lowers a line now and then where it has a reason to (one at least per bloc).
                if c.code in REASONS and own[c.pk] >= 1 and (rng.random() < 0.08 or changed == 0):
                    entries[c.pk] = (own[c.pk] - (1 if own[c.pk] < 4 else 2), REASONS[c.code])
                    changed += 1
                elif c.code == "P1" and rng.random() < 0.1:
                    entries[c.pk] = (D(1), REASONS["4.3"])  # a late report the member did not count against itself
                    changed += 1
                else:
                    entries[c.pk] = (own[c.pk], "")
            services.official_score(member=member, entries=entries, by=self.staff)
            self.created["scores"] += len(lines)
        standings = ranking.standings(bloc)
        acclaimed = BlocMember.objects.get(pk=standings[0].member_id)
        practices = self.practices(bloc)
        review = services.review_record(
            bloc=bloc, by=self.staff, acclaimed=acclaimed, proposed_title=self.flag, practices=practices,
            note=f"Suy tôn {acclaimed.unit.name} dẫn đầu Khối năm 2024, đề nghị tặng {self.flag.name}.", **REVIEW,
        )
        self.created["reviews"] += 1
        self.created["practices"] += len(practices)
        attachment_add(owner=review, by=self.staff, upload=upload(
            f"Bien-ban-tong-ket-khoi-2024-{'LDLD-huyen' if name == DISTRICTS else 'nganh-truc-thuoc'}.pdf",
            ["BIEN BAN HOI NGHI TONG KET KHOI THI DUA NAM 2024", name,
             f"Ngay {REVIEW['held_on']:%d/%m/%Y} tai {REVIEW['place']}.",
             *[f"{s.rank}. {s.unit_name}: {s.total} diem - {s.rating}" for s in standings],
             f"Hoi nghi suy ton {acclaimed.unit.name} dan dau Khoi, de nghi tang Co thi dua cua LDLD tinh."]))
        self.created["files"] += 1
        return bloc

    def practices(self, bloc: Bloc) -> list[PracticeLine]:
        """The 2024 exemplars of the demo's campaigns whose unit is a member or lies under one, presented by
        that member; and one practice recorded in words."""
        members = list(bloc.members.select_related("unit"))
        lines = []
        for exemplar in Exemplar.objects.filter(campaign__year=2024, campaign__launching_unit=self.root).select_related("unit").order_by("pk"):
            presenter = next((m for m in members if exemplar.unit.path.startswith(m.unit.path)), None)
            if presenter is not None:
                lines.append(PracticeLine(exemplar=exemplar, presented_by=presenter,
                                          description="Giới thiệu tại Hội nghị tổng kết Khối để các đơn vị học tập, nhân rộng."))
        by_code = {m.unit.code: m for m in members}
        if "H-MC" in by_code:
            lines.append(PracticeLine(
                title="Sinh hoạt công đoàn trực tuyến cho công đoàn cơ sở vùng cao", presented_by=by_code["H-MC"],
                description="Các CĐCS ở xã xa trung tâm sinh hoạt chuyên đề qua nhóm trực tuyến; thí điểm từ quý III năm 2024."))
        else:
            lines.append(PracticeLine(
                title="Ký kết thỏa ước lao động tập thể có điều khoản thưởng sáng kiến", presented_by=members[0],
                description="CĐCS thương lượng đưa việc thưởng cho cá nhân, tập thể có sáng kiến vào thỏa ước lao động tập thể."))
        return lines

    # --- 2025: the sheet copied, scoring open, half self-scored ------------------------------------------

    def year_2025(self, name: str, members: list[Unit], last: Bloc) -> Bloc:
        rng = rng_for(2025, name)
        # Leader and deputy rotate: the unit acclaimed in 2024 leads, the next one in the list is its deputy.
        leader = last.review.acclaimed.unit
        deputy = next(u for u in members[2:] + members[:2] if u.pk != leader.pk and u.pk != last.leader.unit_id)
        # Self-scores stay open for a month from the day the demo is seeded (and at least until mid-December 2025).
        due = max(datetime.date(2025, 12, 15), timezone.localdate() + datetime.timedelta(days=30))
        bloc = self.set_up(name, 2025, members, due=due, leader=leader, deputy=deputy)
        sheets.sheet_copy(bloc=bloc, source=last, by=self.staff)
        lines = []
        for line in sheets.as_lines(bloc.criteria.order_by("order", "pk")):
            if line.code in ADJUSTED_2025:
                title, points = ADJUSTED_2025[line.code]
                line = SheetLine(line.code, title, line.kind, points)
            lines.append(line)
        sheets.sheet_save(bloc=bloc, lines=lines, by=self.staff)
        bloc = services.scoring_open(bloc=bloc, by=self.staff)
        scored = [c for c in sheets.lines_of(bloc) if c.scored]
        ordered = list(bloc.members.select_related("unit__unit_type").order_by("unit__code"))
        # Every other member has self-scored; TP Điện Biên Phủ (the demo's canbo.dbp) has not yet, so it can try.
        first = [m for m in ordered if m.unit.code != "TP-DBP"]
        done = first[::2][: len(ordered) // 2]
        evidence = next(c for c in scored if c.code == "1.1")
        for n, member in enumerate(done):
            strength = rng.uniform(0.74, 0.97)
            own = {c.pk: self_points(rng, c, strength) for c in scored}
            scorer = self.scorers[member.unit_id]
            services.self_score(member=member, points=own, by=scorer)
            score = member.scores.get(criterion=evidence)
            attachment_add(owner=score, by=scorer, upload=upload(
                f"Minh-chung-ke-hoach-thi-dua-2025-{member.unit.code}.pdf",
                [member.unit.name.upper(), "Ke hoach to chuc phong trao thi dua nam 2025",
                 "Minh chung cho tieu chi 1.1: ke hoach va bien ban phat dong cac phong trao thi dua."]))
            self.created["files"] += 1
            self.created["scores"] += len(scored)
            if n < OFFICIAL_2025:
                entries = {c.pk: (own[c.pk], "") for c in scored}
                lowered = next(c for c in scored if c.code == "1.2")
                if own[lowered.pk] >= 1:
                    entries[lowered.pk] = (own[lowered.pk] - 1, REASONS["1.2"])
                services.official_score(member=member, entries=entries, by=self.staff)
        return bloc


def seed_blocs(*, staff) -> dict[str, int]:
    """What it created (all zeros when the demo's blocs are there already)."""
    return BlocSeeder(staff=staff).run()
