"""Emulation blocs on a generated union database, in the national shape (`seed_scale`, `seed_scale --top-up`).

Every provincial-level union (LĐLĐ tỉnh, Công đoàn ngành Trung ương; the root at province scale) organises
two kinds of bloc a year for 2021–2025, as in the demo (devtools/demo_blocs.py):

- its upper-level unions (LĐLĐ huyện, CĐ khu công nghiệp, CĐ phường, xã; a ngành TW's sector unions);
- its sector unions and the CĐCS directly under it.

A bloc holds at most MAX_MEMBERS units, as real blocs do: a kind with more is split into several blocs of
nearly equal size ("… (số 2)"). Members are the units active now that existed on 1 January of the year (the
services refuse a dissolved unit); leader and deputy rotate with the year. Each bloc has its own sheet
(SHEET: 6 groups of 3–4 criteria, 100 points, 2 bonus and 2 penalty lines), copied from the previous year's
bloc of the same name, and the default rating bands. Past years are scored by every member (self and
official; about DIFFER_SHARE of the lines differ, each with a reason) and most are reviewed (REVIEWED_SHARE:
KPI 5 must not read 100%), the leading member acclaimed and proposed for "Cờ thi đua của LĐLĐ tỉnh", with
one to three practices (a few reviews record none), 2024's linked to the organiser's own campaign exemplars
where there are some; the current year is open for scoring, half of each bloc self-scored, no review.
Each bloc's pledge is an attachment row on the shared benchmark PDF, its moves Transition rows.

Rows go in with scale.write_rows (COPY on PostgreSQL) in FK order; ids are given here, so a bloc points at
its leader before the member row exists (the foreign keys are checked at commit). On PostgreSQL the score
table's indexes and constraints are dropped for the load when it was empty and rebuilt from their own
definitions, as for the campaigns' duties.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import random
import time
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from blocs.models import DEFAULT_BANDS, Bloc, BlocMember, Criterion, Practice, RatingBand, Review, Score
from campaigns.models import Exemplar, Title
from devtools import scale
from portal.attachments.models import Attachment
from portal.models import Transition
from units.models import Unit

YEARS = (2021, 2022, 2023, 2024, 2025)
CURRENT = YEARS[-1]
MAX_MEMBERS = 60
REVIEWED_SHARE = 0.9  # of the past years' blocs: held their review
NO_PRACTICE_SHARE = 0.1  # of the reviews: no new model or good practice recorded (not counted for KPI 5)
DIFFER_SHARE = 0.1  # of the official scores: differ from the self-score, with a reason
SELF_SCORED_SHARE = 0.5  # of the current year's members
NOTE = "Khối thi đua thuộc {organiser} năm {year}: thi đua theo giao ước, tự chấm điểm theo bảng tiêu chí, tổng kết vào tháng 12."
FLAG = "co-thi-dua-ldld-tinh"
SECTOR_TYPES = ("cd-nganh", "cd-vien-chuc")
NAMES = {
    # (organiser is a LĐLĐ tỉnh?, kind) → name; a province's upper level mixes LĐLĐ huyện, CĐ phường, xã and
    # CĐ khu công nghiệp (after the 2025 reorganisation most are no longer district federations).
    (True, "upper"): "Khối các công đoàn cấp trên trực tiếp cơ sở",
    (True, "direct"): "Khối các công đoàn ngành và CĐCS trực thuộc",
    (False, "upper"): "Khối các công đoàn ngành, công đoàn cấp trên trực tiếp cơ sở",
    (False, "direct"): "Khối các CĐCS trực thuộc",
}

G, I, B, P = Criterion.Kind.GROUP, Criterion.Kind.ITEM, Criterion.Kind.BONUS, Criterion.Kind.PENALTY
SHEET = [
    ("1", G, "Tổ chức các phong trào thi đua", 20),
    ("1.1", I, "Xây dựng kế hoạch, tổ chức phát động các phong trào thi đua do Liên đoàn Lao động chỉ đạo", 6),
    ("1.2", I, "Các phong trào sau phát động được hưởng ứng, nuôi dưỡng, sơ kết, tổng kết", 7),
    ("1.3", I, "Đổi mới nội dung, hình thức thi đua phù hợp với từng loại hình đơn vị, doanh nghiệp", 7),
    ("2", G, "Phát triển đoàn viên, xây dựng tổ chức công đoàn vững mạnh", 20),
    ("2.1", I, "Phát triển đoàn viên đạt chỉ tiêu được giao", 5),
    ("2.2", I, "Thành lập công đoàn cơ sở ở nơi đủ điều kiện", 5),
    ("2.3", I, "Tỷ lệ công đoàn cơ sở vững mạnh", 5),
    ("2.4", I, "Thu, nộp kinh phí và đoàn phí công đoàn đúng quy định", 5),
    ("3", G, "Chăm lo, đại diện, bảo vệ quyền lợi người lao động", 15),
    ("3.1", I, "Đối thoại, thương lượng và ký kết thỏa ước lao động tập thể", 5),
    ("3.2", I, "Chăm lo Tết, mái ấm công đoàn, hỗ trợ đoàn viên khó khăn", 5),
    ("3.3", I, "Bảo đảm an toàn, vệ sinh lao động; không để xảy ra tai nạn lao động nghiêm trọng", 5),
    ("4", G, "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 15),
    ("4.1", I, "Có mô hình mới, cách làm hay được giới thiệu, nhân rộng", 5),
    ("4.2", I, "Sáng kiến, giải pháp được công nhận", 5),
    ("4.3", I, "Tuyên truyền, tôn vinh điển hình tiên tiến", 5),
    ("5", G, "Đổi mới công tác khen thưởng", 15),
    ("5.1", I, "Khen thưởng kịp thời, chính xác, công khai, minh bạch", 5),
    ("5.2", I, "Ít nhất 15% cá nhân được khen thưởng là lao động trực tiếp, CCVC không giữ vị trí lãnh đạo, quản lý", 5),
    ("5.3", I, "Hồ sơ khen thưởng đơn giản, đúng quy định", 3),
    ("5.4", I, "Ứng dụng công nghệ thông tin trong quản lý thi đua, khen thưởng", 2),
    ("6", G, "Tuyên truyền, kiểm tra và chế độ thông tin, báo cáo", 15),
    ("6.1", I, "Quán triệt, tuyên truyền về thi đua, khen thưởng", 5),
    ("6.2", I, "Cán bộ làm công tác thi đua, khen thưởng được tập huấn, bồi dưỡng", 5),
    ("6.3", I, "Báo cáo 6 tháng, 1 năm gửi cấp trên đúng hạn", 5),
    ("T1", B, "Điểm thưởng: mô hình mới, cách làm hay được cấp trên nhân rộng", 3),
    ("T2", B, "Điểm thưởng: tập thể, cá nhân được khen thưởng đột xuất", 2),
    ("P1", P, "Điểm trừ: báo cáo chậm hoặc không đúng hạn", 3),
    ("P2", P, "Điểm trừ: không tham gia hoạt động chung của Khối", 2),
]
SCORED = [line for line in SHEET if line[1] != G]
REASONS = [
    "Chưa có đủ minh chứng cho tiêu chí này.",
    "Số liệu báo cáo chưa khớp với số liệu của cấp trên.",
    "Báo cáo gửi chậm so với thời hạn.",
    "Mô hình đăng ký chưa được Hội đồng thi đua xác nhận.",
    "Chỉ tiêu chưa đạt so với kế hoạch đã đăng ký.",
]
PRACTICES = [
    "Mô hình “Mỗi công đoàn cơ sở một công trình, phần việc thi đua”",
    "Đối thoại định kỳ giữa công đoàn và người sử dụng lao động",
    "Sinh hoạt công đoàn trực tuyến cho công đoàn cơ sở ở xa",
    "Quỹ “Mái ấm công đoàn” do đoàn viên đóng góp",
    "Số hóa hồ sơ thi đua, khen thưởng của công đoàn cơ sở",
]

BLOC_MODELS = [Bloc, BlocMember, Criterion, RatingBand, Score, Review, Practice]
scale.FIELDS.update({
    Bloc: ["id", "year", "name", "organiser_id", "note", "leader_id", "deputy_id", "pledge_signed_on", "self_scoring_due_on",
           "sheet_copied_from_id", "state", "created_by_id", "created_at", "updated_at"],
    BlocMember: ["id", "bloc_id", "unit_id", "year", "created_at"],
    Criterion: ["id", "bloc_id", "parent_id", "kind", "code", "name", "max_points", "order"],
    RatingBand: ["id", "bloc_id", "label", "min_total"],
    Score: ["id", "member_id", "criterion_id", "self_points", "self_by_id", "self_at", "official_points", "official_reason",
            "official_by_id", "official_at"],
    Review: ["id", "bloc_id", "held_on", "place", "acclaimed_id", "proposed_title_id", "note", "recorded_by_id", "recorded_at",
             "proposal_taken_up_at", "proposal_taken_up_by_id", "proposal_reference"],
    Practice: ["id", "review_id", "exemplar_id", "presented_by_id", "title", "description"],
})


def generated_blocs():
    """The blocs the generator wrote (stamped with its fixed "now"; the services stamp the clock's)."""
    return Bloc.objects.filter(created_at=scale.GENERATED_AT)


@functools.lru_cache(maxsize=64)
def _stamp(day: datetime.date, hour: int) -> str:
    from devtools.topup import stamp

    return stamp(datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC))


def _half(value: float) -> Decimal:
    return Decimal(round(value * 2)) / 2


def split(units: list, size: int = MAX_MEMBERS) -> list[list]:
    """Blocs of at most `size` members, as even as can be (130 → 44, 43, 43)."""
    if not units:
        return []
    count = -(-len(units) // size)
    base, extra = divmod(len(units), count)
    chunks, start = [], 0
    for n in range(count):
        end = start + base + (1 if n < extra else 0)
        chunks.append(units[start:end])
        start = end
    return chunks


class Seeder:
    def __init__(self, *, seed: int, say: Callable[[str], None]):
        self.seed, self.say = seed, say
        self.counts: dict = {}
        self.now = scale.timestamp_value()

    def write(self, model, rows) -> int:
        n = scale.write_rows(model, rows)
        self.counts[model] = self.counts.get(model, 0) + n
        return n

    # --- who sits in which bloc ----------------------------------------------------------------

    def plan(self) -> list[dict]:
        """One dict per bloc: organiser, year, name, kind, member unit ids (in path order)."""
        federations = list(Unit.objects.filter(unit_type__is_province_federation=True, code__startswith=scale.CODE_PREFIX)
                           .active().select_related("unit_type").order_by("path"))
        children: dict[int, list[tuple]] = {}
        rows = (Unit.objects.filter(parent__in=federations, active_until__isnull=True)
                .order_by("path").values_list("parent_id", "pk", "active_from", "unit_type__code",
                                              "unit_type__is_upper_level", "unit_type__is_grassroots"))
        for parent_id, *rest in rows:
            children.setdefault(parent_id, []).append(tuple(rest))
        blocs = []
        for federation in federations:
            province = federation.unit_type.code == "ldld-tinh" or federation.parent_id is None
            for year in YEARS:
                start = datetime.date(year, 1, 1)
                kinds = {"upper": [], "direct": []}
                for pk, active_from, type_code, upper, grassroots in children.get(federation.pk, []):
                    if active_from and active_from > start:
                        continue
                    if upper and not (province and type_code in SECTOR_TYPES):
                        kinds["upper"].append(pk)
                    elif upper or grassroots:
                        kinds["direct"].append(pk)
                for kind, units in kinds.items():
                    chunks = split(units)
                    for n, members in enumerate(chunks, start=1):
                        name = NAMES[(province, kind)] + (f" (số {n})" if len(chunks) > 1 else "")
                        blocs.append({"organiser": federation, "year": year, "name": name, "members": members})
        return blocs

    # --- the rows --------------------------------------------------------------------------------

    def run(self) -> dict:
        from devtools.topup import next_id

        started = time.monotonic()
        for model in BLOC_MODELS:
            scale.columns(model)
        blocs = self.plan()
        if not blocs:
            return {}
        self.say(f"  {len(blocs):,} khối, {sum(len(b['members']) for b in blocs):,} lượt đơn vị thành viên")
        flag = Title.objects.filter(code=FLAG).values_list("pk", flat=True).first()
        ids = {model: next_id(model) for model in BLOC_MODELS + [Transition, Attachment]}
        rng = random.Random(f"{self.seed}:blocs")
        previous: dict[tuple[int, str], int] = {}  # (organiser, name) → last year's bloc id
        bloc_rows, member_rows, criterion_rows, band_rows, review_rows, practice_rows, moves = [], [], [], [], [], [], []
        score_plan = []  # (member id, year, criterion id by code, officially scored?), streamed into rows
        exemplars = self.exemplars()
        for bloc in blocs:
            pk = ids[Bloc]
            ids[Bloc] += 1
            year, members = bloc["year"], bloc["members"]
            member_ids = list(range(ids[BlocMember], ids[BlocMember] + len(members)))
            ids[BlocMember] += len(members)
            for member_id, unit_id in zip(member_ids, members):
                member_rows.append((member_id, pk, unit_id, year, self.now))
            y = YEARS.index(year)
            leader = member_ids[(2 * y) % len(member_ids)]
            deputy = member_ids[(2 * y + 1) % len(member_ids)] if len(member_ids) > 1 else None
            past = year < CURRENT
            reviewed = past and rng.random() < REVIEWED_SHARE
            state = Bloc.State.REVIEWED if reviewed else Bloc.State.SCORING
            key = (bloc["organiser"].pk, bloc["name"])
            bloc_rows.append((pk, year, bloc["name"], bloc["organiser"].pk,
                              NOTE.format(organiser=bloc["organiser"].short_name or bloc["organiser"].name, year=year),
                              leader, deputy, datetime.date(year, 3, 15).isoformat(),
                              datetime.date(year, 11, 30).isoformat() if past else None,
                              previous.get(key), state, None, self.now, self.now))
            previous[key] = pk
            # The sheet.
            line_ids, group_ids = {}, {}
            for order, (code, kind, name, points) in enumerate(SHEET, start=1):
                line_ids[code] = ids[Criterion]
                ids[Criterion] += 1
                parent = group_ids.get(code.split(".")[0]) if kind == I else None
                if kind == G:
                    group_ids[code] = line_ids[code]
                criterion_rows.append((line_ids[code], pk, parent, kind, code, name, str(points), order))
            for label, points in DEFAULT_BANDS:
                band_rows.append((ids[RatingBand], pk, label, str(points)))
                ids[RatingBand] += 1
            # The moves: set-up → scoring in March; scoring → reviewed at the review.
            moves.append((pk, Bloc.State.SETUP, Bloc.State.SCORING, datetime.date(year, 3, 20), ""))
            held = datetime.date(year, 12, 10 + int(rng.random() * 12))
            if reviewed:
                moves.append((pk, Bloc.State.SCORING, Bloc.State.REVIEWED, held, f"Tổng kết khối ngày {held:%d/%m/%Y}"))
            # Scores: every member in past years (self and official), half of them (self only) this year.
            for member_id in member_ids:
                if past or rng.random() < SELF_SCORED_SHARE:
                    score_plan.append((member_id, year, line_ids, past))
            if reviewed:
                review_id = ids[Review]
                ids[Review] += 1
                # The leading member: the first of the ranking (of equal totals, the first member).
                acclaimed = max(member_ids, key=lambda member_id: (self.total(member_id), -member_id))
                review_rows.append((review_id, pk, held.isoformat(), f"Hội trường {bloc['organiser'].name}", acclaimed, flag,
                                    "Suy tôn đơn vị dẫn đầu Khối, đề nghị tặng Cờ thi đua.", None, self.now, None, None, ""))
                if rng.random() >= NO_PRACTICE_SHARE:
                    linked = exemplars.get(bloc["organiser"].pk, []) if year == 2024 else []
                    for k in range(1 + int(rng.random() * 3)):
                        exemplar = linked[k] if k < len(linked) else None
                        title = exemplar[1] if exemplar else PRACTICES[int(rng.random() * len(PRACTICES))]
                        presenter = member_ids[int(rng.random() * len(member_ids))]
                        practice_rows.append((ids[Practice], review_id, exemplar[0] if exemplar else None, presenter,
                                              title[:255], "Giới thiệu tại Hội nghị tổng kết Khối để các đơn vị học tập, nhân rộng."))
                        ids[Practice] += 1
        self.write(Bloc, bloc_rows)
        self.write(BlocMember, member_rows)
        self.write(Criterion, criterion_rows)
        self.write(RatingBand, band_rows)
        self.write(Review, review_rows)
        self.write(Practice, practice_rows)
        self.say(f"  {len(bloc_rows):,} khối, {len(member_rows):,} thành viên, {len(review_rows):,} tổng kết "
                 f"({time.monotonic() - started:.1f} s)")
        self.scores(score_plan, ids[Score])
        bloc_type = ContentType.objects.get_for_model(Bloc).pk
        self.write(Transition, ((ids[Transition] + n, bloc_type, str(bloc), source, target, None, _stamp(day, 9), note)
                                for n, (bloc, source, target, day, note) in enumerate(moves)))
        self.pledges(bloc_rows, ids[Attachment])
        scale.reset_sequences(BLOC_MODELS + [Transition, Attachment])
        self.seconds = time.monotonic() - started
        return self.counts

    def exemplars(self) -> dict[int, list[tuple[int, str]]]:
        """The organisers' own 2024 campaign exemplars (devtools/scale_campaigns.py), a few each."""
        found: dict[int, list[tuple[int, str]]] = {}
        for pk, launcher, title in (Exemplar.objects.filter(campaign__year=2024).order_by("campaign__launching_unit_id", "pk")
                                    .values_list("pk", "campaign__launching_unit_id", "title")):
            if len(found.setdefault(launcher, [])) < 3:
                found[launcher].append((pk, title))
        return found

    def points(self, member_id: int, past: bool) -> list[tuple[Decimal, Decimal | None, str]]:
        """(self, official, reason) on each scored line, from the member's own generator: drawn the same
        when the review picks the leading member and when the rows are written (nothing is kept between)."""
        rng = random.Random(f"{self.seed}:score:{member_id}")
        strength = 0.72 + rng.random() * 0.25
        result = []
        for _code, kind, _name, top in SCORED:
            if kind == P:
                own = Decimal(top) / 2 if rng.random() < 0.1 else Decimal(0)
            elif kind == B:
                own = Decimal(top) if rng.random() < strength - 0.6 else Decimal(0)
            else:
                own = min(Decimal(top), _half(top * min(1.0, strength + (rng.random() - 0.4) * 0.1)))
            official, reason = (own, "") if past else (None, "")
            if past and own >= 1 and rng.random() < DIFFER_SHARE:
                official, reason = own - min(own, _half(0.5 + rng.random() * 1.5)), REASONS[int(rng.random() * len(REASONS))]
            result.append((own, official, reason))
        return result

    def total(self, member_id: int) -> Decimal:
        return sum(((-official if kind == P else official) for (_c, kind, _n, _t), (_own, official, _r)
                    in zip(SCORED, self.points(member_id, True))), Decimal(0))

    def scores(self, plan: list[tuple], first_id: int) -> None:
        """Streamed: one row per member and scored line. The score table's indexes are dropped for the load
        on PostgreSQL when it was empty."""
        deferred = None
        if connection.vendor == "postgresql" and not Score.objects.exists():
            with connection.cursor() as cursor:
                # Pending foreign-key checks (the rows above) forbid the ALTER TABLE: run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            deferred = scale.drop_indexes([Score])
        started = time.monotonic()

        def rows() -> Iterator[tuple]:
            pk = first_id
            for member_id, year, line_ids, past in plan:
                self_at = _stamp(datetime.date(year, 11, 20), 10)
                official_at = _stamp(datetime.date(year, 12, 5), 15) if past else None
                for (code, _kind, _name, _top), (own, official, reason) in zip(SCORED, self.points(member_id, past)):
                    yield (pk, member_id, line_ids[code], str(own), None, self_at,
                           None if official is None else str(official), reason, None, official_at)
                    pk += 1

        n = self.write(Score, rows())
        written = time.monotonic() - started
        if deferred is not None:
            scale.recreate_indexes(deferred, log=lambda line: self.say(f"  {line}"))
        self.say(f"  {n:,} điểm trong {written:.1f} s ({n / max(written, 1e-9):,.0f} dòng/s), "
                 f"{time.monotonic() - started:.1f} s cả tạo lại chỉ mục")

    def pledges(self, bloc_rows: list[tuple], first_id: int) -> None:
        """Each bloc's pledge (giao ước): a row on the shared benchmark PDF (devtools.topup.SHARED_FILES)."""
        from devtools.topup import SHARED_FILES, ensure_shared_files

        ensure_shared_files()
        name, _shown, kind, content = SHARED_FILES[0]
        size, sha = len(content), hashlib.sha256(content).hexdigest()
        owner_type = ContentType.objects.get_for_model(Bloc).pk
        self.write(Attachment, ((first_id + n, owner_type, row[0], name, f"Giao ước thi đua {row[1]}.pdf", "pledge", kind,
                                 size, sha, None, _stamp(datetime.date(row[1], 3, 15), 8))
                                for n, row in enumerate(bloc_rows)))
