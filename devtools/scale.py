"""A deterministic generator of a large union database, for `manage.py seed_scale`.

The national scale is the whole Tổng Liên đoàn: 54 provincial-level unions (34 LĐLĐ tỉnh/thành phố
after the 2025 merger of provinces and 20 Công đoàn ngành Trung ương), ~750 upper-level unions,
~135,000 CĐCS and ~11 million members. The province scale is one Điện Biên-sized LĐLĐ tỉnh.

How it is built, and why:

* The tree is planned in memory first (~136k small objects): ids, treebeard paths, depth,
  numchild, the history (moves in 2024, merges and dissolutions in 2025) and member counts are
  all decided before anything is written, so the rows come out already consistent, in the same
  shape `units.services` would leave them (see docs/decisions/0001-tree-history.md).
* People are never held in memory: `person_rows` yields one tuple per person and the loader
  streams them to the database (COPY on PostgreSQL, executemany on SQLite).
* Every random choice comes from `random.Random` seeded from `--seed` and the phase, so the same
  seed gives the same rows; the tree and the people use separate streams so a change in how
  people are drawn does not reshuffle the tree.
* Row tuples follow `Model._meta.concrete_fields` exactly (checked by `columns()`), so a field
  added to a model stops the generator with a clear error instead of loading wrong columns.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext

from units.models import (
    EmployeeCategory,
    Ethnicity,
    Person,
    Placement,
    TrainingRecord,
    Unit,
    UnitEvent,
    UnitType,
    UnitYearStats,
)
from units.text import search_text_of

CODE_PREFIX = "GEN-"  # every generated unit code starts with it; the safety check relies on it
DEFAULT_SEED = 20250701
# One fixed "now" for created_at/updated_at/recorded_at: rows must not depend on the clock.
GENERATED_AT = datetime.datetime(2026, 1, 5, 1, 0, tzinfo=datetime.UTC)
YEARS = (2024, 2025)  # UnitYearStats for both; every unit exists on 1 January of each
MOVE_YEAR, END_YEAR = 2024, 2025
MOVED_SHARE, MERGED_SHARE, DISSOLVED_SHARE = 0.01, 0.01, 0.005
CITIZEN_ID_SHARE = 0.6
# Plain members who left the union in 2023–2025 (retired, moved, ...): kept, out of the current lists.
LEFT_SHARE = 0.02
LEFT_YEARS = (2023, 2024, 2025)
LEFT_REASONS = ("retired", "retired", "retired", "moved", "moved", "left", "died", "other")
EMULATION_SHARE = 0.25  # CĐCS whose vice-chair works on emulation and awards
TRAINED_SHARE = 0.8

# Models written by the generator, in load order.
GENERATED_MODELS = [Unit, Placement, UnitEvent, Person, TrainingRecord, UnitYearStats]


@dataclass(frozen=True)
class Shape:
    """How many units and members, and how the levels split between them."""

    scale: str
    units: int
    members: int
    upper_share: float  # of the units below the provincial level, the share that are upper-level unions
    upper_floor: int  # at least this many upper-level unions (if the units allow it)
    direct_share: float  # CĐCS directly under a provincial-level union (LĐLĐ tỉnh; more for ngành TW)


SCALES = {
    # 1 + 54 + 750 + 135,000 units.
    "national": Shape("national", 135_805, 11_000_000, 750 / 135_750, 54, 0.05),
    # Điện Biên: 1 + 13 + 986 units.
    "province": Shape("province", 1_000, 40_000, 13 / 999, 13, 0.02),
}


# --------------------------------------------------------------------------------------------
# Reference data: provinces, sector unions, names
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Province:
    name: str
    city: bool  # thành phố trực thuộc Trung ương
    weight: float  # share of the workforce (relative)
    region: str  # ethnic mix and place names
    codes: tuple[str, ...]  # citizen-ID province codes of the provinces merged into it (2025)

    @property
    def label(self) -> str:
        if self.name.startswith("Thành phố"):
            return self.name
        return f"{'thành phố' if self.city else 'tỉnh'} {self.name}"


PROVINCES = [
    Province("Hà Nội", True, 10.0, "delta", ("001",)),
    Province("Huế", True, 1.2, "central_coast", ("046",)),
    Province("Lai Châu", False, 0.4, "northwest", ("012",)),
    Province("Điện Biên", False, 0.5, "northwest", ("011",)),
    Province("Sơn La", False, 0.9, "northwest", ("014",)),
    Province("Lạng Sơn", False, 0.7, "northeast", ("020",)),
    Province("Quảng Ninh", False, 1.6, "delta", ("022",)),
    Province("Thanh Hóa", False, 3.0, "north_central", ("038",)),
    Province("Nghệ An", False, 2.8, "north_central", ("040",)),
    Province("Hà Tĩnh", False, 1.2, "north_central", ("042",)),
    Province("Cao Bằng", False, 0.5, "northeast", ("004",)),
    Province("Tuyên Quang", False, 1.0, "northeast", ("008", "002")),
    Province("Lào Cai", False, 1.2, "northeast", ("010", "015")),
    Province("Thái Nguyên", False, 1.8, "northeast", ("019", "006")),
    Province("Phú Thọ", False, 3.0, "midland", ("025", "026", "017")),
    Province("Bắc Ninh", False, 4.0, "delta", ("027", "024")),
    Province("Hưng Yên", False, 2.5, "delta", ("033", "034")),
    Province("Hải Phòng", True, 4.0, "delta", ("031", "030")),
    Province("Ninh Bình", False, 2.8, "delta", ("037", "035", "036")),
    Province("Quảng Trị", False, 1.1, "central_coast", ("045", "044")),
    Province("Đà Nẵng", True, 2.5, "central_coast", ("048", "049")),
    Province("Quảng Ngãi", False, 1.4, "south_central", ("051", "062")),
    Province("Gia Lai", False, 2.0, "highlands", ("064", "052")),
    Province("Khánh Hòa", False, 1.5, "south_central", ("056", "058")),
    Province("Lâm Đồng", False, 2.0, "highlands", ("068", "067", "060")),
    Province("Đắk Lắk", False, 1.8, "highlands", ("066", "054")),
    Province("Thành phố Hồ Chí Minh", True, 16.0, "southeast", ("079", "074", "077")),
    Province("Đồng Nai", False, 5.0, "southeast", ("075", "070")),
    Province("Tây Ninh", False, 3.5, "southeast", ("072", "080")),
    Province("Cần Thơ", True, 1.8, "mekong", ("092", "094", "093")),
    Province("Vĩnh Long", False, 1.6, "mekong", ("086", "083", "084")),
    Province("Đồng Tháp", False, 1.6, "mekong", ("087", "082")),
    Province("Cà Mau", False, 1.0, "mekong", ("096", "095")),
    Province("An Giang", False, 1.8, "mekong", ("089", "091")),
]
DIEN_BIEN = 3
ALL_CODES = tuple(sorted({code for p in PROVINCES for code in p.codes}))

# Công đoàn ngành Trung ương: (name, short name, relative size, CĐCS kinds with weights, stems of
# their upper-level unions). Their CĐCS get the national ethnic mix.
SECTOR_UNIONS = [
    ("Công đoàn Giao thông vận tải Việt Nam", "CĐ GTVT Việt Nam", 1.2, {"transport": 5, "construction": 2, "office": 1},
     ["Tổng công ty Đường cao tốc Việt Nam", "Tổng công ty Hàng hải Việt Nam", "Tổng công ty Cảng hàng không Việt Nam",
      "Tổng công ty Xây dựng công trình giao thông 1", "Tổng công ty Xây dựng công trình giao thông 4",
      "Tổng công ty Xây dựng công trình giao thông 8", "Cục Đường bộ Việt Nam"]),
    ("Công đoàn Công Thương Việt Nam", "CĐ Công Thương Việt Nam", 1.5, {"mechanical": 3, "trade": 3, "food": 2, "oil": 1},
     ["Tổng công ty Máy động lực và Máy nông nghiệp", "Tổng công ty Thuốc lá Việt Nam", "Tổng công ty Bia – Rượu – Nước giải khát Hà Nội",
      "Tổng công ty Thép Việt Nam", "Tập đoàn Xăng dầu Việt Nam", "Tổng công ty Máy và Thiết bị công nghiệp"]),
    ("Công đoàn Y tế Việt Nam", "CĐ Y tế Việt Nam", 1.0, {"hospital": 6, "college": 1, "office": 1},
     ["Bệnh viện Bạch Mai", "Bệnh viện Chợ Rẫy", "Bệnh viện Trung ương Huế", "Bệnh viện Việt Đức",
      "Cơ quan Bộ Y tế", "Viện Vệ sinh dịch tễ Trung ương"]),
    ("Công đoàn Giáo dục Việt Nam", "CĐ Giáo dục Việt Nam", 0.9, {"university": 6, "college": 2, "office": 1},
     ["Đại học Quốc gia Hà Nội", "Đại học Quốc gia Thành phố Hồ Chí Minh", "Đại học Huế", "Đại học Đà Nẵng",
      "Đại học Thái Nguyên", "Cơ quan Bộ Giáo dục và Đào tạo"]),
    ("Công đoàn Điện lực Việt Nam", "CĐ Điện lực Việt Nam", 1.1, {"power": 1},
     ["Tổng công ty Điện lực miền Bắc", "Tổng công ty Điện lực miền Trung", "Tổng công ty Điện lực miền Nam",
      "Tổng công ty Điện lực thành phố Hà Nội", "Tổng công ty Điện lực Thành phố Hồ Chí Minh",
      "Tổng công ty Truyền tải điện Quốc gia", "Tổng công ty Phát điện 1", "Tổng công ty Phát điện 2", "Tổng công ty Phát điện 3"]),
    ("Công đoàn Dầu khí Việt Nam", "CĐ Dầu khí Việt Nam", 0.6, {"oil": 1},
     ["Tổng công ty Khí Việt Nam", "Tổng công ty Dầu Việt Nam", "Tổng công ty Dịch vụ kỹ thuật Dầu khí Việt Nam",
      "Tổng công ty Thăm dò Khai thác Dầu khí", "Tổng công ty Điện lực Dầu khí Việt Nam"]),
    ("Công đoàn Ngân hàng Việt Nam", "CĐ Ngân hàng Việt Nam", 1.0, {"bank": 1},
     ["Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam", "Ngân hàng TMCP Công thương Việt Nam",
      "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam", "Ngân hàng TMCP Ngoại thương Việt Nam",
      "Ngân hàng Chính sách xã hội", "Ngân hàng Nhà nước Việt Nam"]),
    ("Công đoàn Viên chức Việt Nam", "CĐ Viên chức Việt Nam", 0.8, {"office": 5, "college": 1},
     ["Cơ quan Văn phòng Chính phủ", "Cơ quan Bộ Nội vụ", "Cơ quan Bộ Tư pháp", "Cơ quan Bộ Ngoại giao",
      "Viện Hàn lâm Khoa học xã hội Việt Nam", "Đài Tiếng nói Việt Nam"]),
    ("Công đoàn Xây dựng Việt Nam", "CĐ Xây dựng Việt Nam", 1.0, {"construction": 4, "mechanical": 1},
     ["Tổng công ty Xây dựng Hà Nội", "Tổng công ty Sông Đà", "Tổng công ty Licogi", "Tổng công ty Viglacera",
      "Tổng công ty Xi măng Việt Nam", "Tổng công ty Đầu tư Phát triển nhà và đô thị"]),
    ("Công đoàn Nông nghiệp và Môi trường Việt Nam", "CĐ Nông nghiệp và Môi trường Việt Nam", 0.9,
     {"farm": 3, "office": 2, "water": 1},
     ["Tổng công ty Lương thực miền Bắc", "Tổng công ty Lương thực miền Nam", "Tổng công ty Lâm nghiệp Việt Nam",
      "Tổng công ty Giống cây trồng Việt Nam", "Cơ quan Bộ Nông nghiệp và Môi trường"]),
    ("Công đoàn Than – Khoáng sản Việt Nam", "CĐ Than – Khoáng sản Việt Nam", 0.8, {"mining": 1},
     ["Tổng công ty Đông Bắc", "Tổng công ty Khoáng sản", "Tổng công ty Điện lực TKV", "Tổng công ty Công nghiệp hóa chất mỏ"]),
    ("Công đoàn Bưu điện Việt Nam", "CĐ Bưu điện Việt Nam", 0.7, {"post": 1},
     ["Tổng công ty Bưu điện Việt Nam", "Tập đoàn Bưu chính Viễn thông Việt Nam", "Tổng công ty Dịch vụ Viễn thông",
      "Tổng công ty Hạ tầng mạng"]),
    ("Công đoàn Cao su Việt Nam", "CĐ Cao su Việt Nam", 0.5, {"rubber": 1},
     ["Tổng công ty Cao su Đồng Nai", "Tổng công ty Cao su Đắk Lắk", "Tổng công ty Cao su Phú Riềng",
      "Tổng công ty Cao su Dầu Tiếng"]),
    ("Công đoàn Dệt May Việt Nam", "CĐ Dệt May Việt Nam", 0.7, {"garment": 1},
     ["Tổng công ty May 10", "Tổng công ty Việt Tiến", "Tổng công ty May Nhà Bè", "Tổng công ty Dệt May Hà Nội",
      "Tổng công ty Phong Phú"]),
    ("Công đoàn Hóa chất Việt Nam", "CĐ Hóa chất Việt Nam", 0.4, {"chemical": 1},
     ["Tổng công ty Phân bón và Hóa chất", "Công ty CP Supe phốt phát và Hóa chất Lâm Thao", "Tổng công ty Cao su Hóa chất"]),
    ("Công đoàn Tổng công ty Hàng không Việt Nam", "CĐ Tổng công ty Hàng không Việt Nam", 0.3, {"aviation": 1},
     ["Khối Khai thác bay", "Khối Kỹ thuật", "Khối Dịch vụ mặt đất"]),
    ("Công đoàn Quốc phòng", "CĐ Quốc phòng", 1.0, {"defense": 4, "construction": 1, "garment": 1},
     ["Tổng công ty Xây dựng Trường Sơn", "Tổng công ty Thái Sơn", "Tổng công ty 28", "Tổng công ty Ba Son",
      "Tổng cục Công nghiệp quốc phòng", "Tổng công ty Đông Bắc"]),
    ("Công đoàn Công an nhân dân", "CĐ Công an nhân dân", 0.5, {"police": 1},
     ["Cục Công nghiệp an ninh", "Cục Hậu cần", "Nhà xuất bản Công an nhân dân", "Học viện Cảnh sát nhân dân"]),
    ("Công đoàn Tài chính Việt Nam", "CĐ Tài chính Việt Nam", 0.6, {"tax": 4, "office": 1},
     ["Cục Thuế", "Cục Hải quan", "Kho bạc Nhà nước", "Ủy ban Chứng khoán Nhà nước", "Cơ quan Bộ Tài chính"]),
    ("Công đoàn Tổng Công ty Đường sắt Việt Nam", "CĐ Đường sắt Việt Nam", 0.4, {"rail": 1},
     ["Công ty CP Vận tải Đường sắt Hà Nội", "Công ty CP Vận tải Đường sắt Sài Gòn", "Ban Quản lý dự án đường sắt"]),
]
SECTOR_WEIGHT = 0.12  # share of all CĐCS that belong to the sector unions at national scale

# The upper-level unions of the Điện Biên province scale, as they stood before 2025.
DIEN_BIEN_UPPER = [
    ("ldld-huyen", "thành phố", "Điện Biên Phủ"), ("ldld-huyen", "thị xã", "Mường Lay"),
    ("ldld-huyen", "huyện", "Điện Biên"), ("ldld-huyen", "huyện", "Điện Biên Đông"), ("ldld-huyen", "huyện", "Mường Ảng"),
    ("ldld-huyen", "huyện", "Mường Chà"), ("ldld-huyen", "huyện", "Mường Nhé"), ("ldld-huyen", "huyện", "Nậm Pồ"),
    ("ldld-huyen", "huyện", "Tủa Chùa"), ("ldld-huyen", "huyện", "Tuần Giáo"),
    ("cd-nganh", "", "Y tế"), ("cd-nganh", "", "Giáo dục"), ("cd-vien-chuc", "", ""),
]

ETHNIC_MIX = {
    "northwest": {"Thái": 36, "H'Mông": 26, "Kinh": 22, "Khơ Mú": 4, "Dao": 4, "Mường": 2, "Hà Nhì": 2, "Lào": 1,
                  "Kháng": 1, "Tày": 2},
    "northeast": {"Kinh": 36, "Tày": 24, "Nùng": 18, "Dao": 9, "H'Mông": 8, "Sán Chay": 2, "Sán Dìu": 2, "Giáy": 1},
    "midland": {"Kinh": 80, "Mường": 14, "Dao": 2, "Tày": 2, "Sán Dìu": 2},
    "delta": {"Kinh": 97, "Tày": 1, "Mường": 1, "Hoa": 1},
    "north_central": {"Kinh": 86, "Mường": 6, "Thái": 6, "H'Mông": 1, "Khơ Mú": 1},
    "central_coast": {"Kinh": 93, "Cơ Tu": 2, "Tà Ôi": 2, "Bru-Vân Kiều": 2, "Hrê": 1},
    "south_central": {"Kinh": 86, "Hrê": 5, "Xơ Đăng": 3, "Ra Glai": 3, "Chăm": 3},
    "highlands": {"Kinh": 64, "Gia Rai": 14, "Ê Đê": 9, "Ba Na": 6, "Mnông": 3, "Cơ Ho": 2, "Tày": 1, "Nùng": 1},
    "southeast": {"Kinh": 93, "Hoa": 4, "Khmer": 1, "Xtiêng": 1, "Chơ Ro": 1},
    "mekong": {"Kinh": 88, "Khmer": 9, "Hoa": 2, "Chăm": 1},
    "national": {"Kinh": 87, "Tày": 2, "Thái": 2, "Mường": 2, "Khmer": 1.5, "Hoa": 1.5, "Nùng": 1.5, "H'Mông": 1,
                 "Dao": 1, "Gia Rai": 0.5},
}


def _w(text: str) -> list[tuple[str, float]]:
    """'Nguyễn:31 Trần:11 Lê' -> [('Nguyễn', 31), ('Trần', 11), ('Lê', 1)]; '_' stands for a space
    (alone, for an empty part)."""
    items = []
    for token in text.split():
        name, _, weight = token.partition(":")
        items.append((name.replace("_", " ").strip(), float(weight or 1)))
    return items


# Given names of the Kinh majority (also used by groups that mostly take Kinh-style names).
_KINH_MALE = _w(
    "Hùng Dũng Tuấn Cường Hải Long Nam Sơn Thắng Quân Hiếu Trung Bình Thành Hòa Tùng Khánh Việt Huy Hoàng Phong "
    "Minh Đức Anh Tài Toàn Vinh Hưng Lâm Khoa Kiên Lộc Phúc Quang Quyết Thịnh Trí Tú Vũ Dương Đạt Hậu Hiệp Hoan "
    "Khải Luân Nghĩa Nhân Phát Tâm Thái Thiện Thông Tiến Trọng Tuyên Vĩnh Bảo Duy Giang Định Chiến Công Mạnh Thanh"
)
_KINH_FEMALE = _w(
    "Hương Lan Hà Hạnh Huyền Nga Ngọc Phương Thảo Trang Yến Mai Linh Hằng Dung Hoa Loan Vân Anh Chi Diệp Duyên "
    "Giang Hiền Hồng Hậu Khánh Liên Ly My Nhung Nhi Oanh Quyên Quỳnh Tâm Thanh Thơ Thu Thủy Thúy Tiên Trâm Uyên Vy "
    "Xuân Ánh Châu Diễm Đào Gấm Hải Hoài Kiều Lệ Minh Nguyệt Phượng Tuyết Nhàn Thắm"
)


@dataclass(frozen=True)
class NameParts:
    """Names are first + middle + last (each part may be empty), drawn with weights."""

    male: tuple[list, list, list]
    female: tuple[list, list, list]


NAME_PARTS = {
    "Kinh": NameParts(
        (_w("Nguyễn:31 Trần:11 Lê:9.5 Phạm:7 Hoàng:4 Huỳnh:4 Phan:4.5 Vũ:2 Võ:2 Đặng:2 Bùi:2 Đỗ:1.5 Hồ:1.3 Ngô:1.3 "
            "Dương:1 Lý:0.5 Đinh:0.8 Trương:0.8 Đoàn:0.6 Lương:0.5 Mai:0.5 Trịnh:0.5 Cao:0.4 Lâm:0.4 Tô:0.3 Hà:0.6 "
            "Tạ:0.3 Chu:0.2 Lưu:0.3 Thái:0.2 Quách:0.2 Kiều:0.2 Châu:0.2 Triệu:0.2 Phùng:0.3 Vương:0.2 La:0.1"),
         _w("Văn:30 Đức:8 Minh:8 Quang:6 Hữu:6 Xuân:4 Thanh:5 Công:5 Ngọc:4 Mạnh:3 Tuấn:3 Hoàng:3 Anh:3 Tiến:2 "
            "Trọng:3 Đình:4 Quốc:4 Thành:3 Duy:3 Gia:2 Bá:2 Hải:2 Việt:2 Trung:2 Nhật:2"),
         _KINH_MALE),
        (None,
         _w("Thị:45 Thu:5 Thanh:5 Ngọc:6 Thúy:3 Minh:3 Hồng:4 Phương:3 Kim:3 Mai:3 Thảo:2 Bích:3 Diệu:2 Khánh:2 "
            "Hải:2 Lan:2 Quỳnh:2 Bảo:2 Hoài:2 Mỹ:3"),
         _KINH_FEMALE),
    ),
    "Thái": NameParts(
        (_w("Lò:3 Lường:2 Quàng:2 Cà Tòng Vì Điêu Lù Khoàng Lừ"), _w("Văn"),
         _w("Xôm Pánh Hặc Tiến Khăm Ún Piềng Chiến Quyết Inh Hoan Bun Thanh Sơn Dũng Lả Ngoan Thoản Phong Pọm")),
        (None, _w("Thị"),
         _w("Ên Xuân Ỏn Hoa Nga Phượng Hương Diện Thoan Mai Ín Oanh Thủy Bình Lún Pọm Ánh Duyên Hằng Yến")),
    ),
    "H'Mông": NameParts(
        (_w("Giàng Sùng Vàng Mùa Lầu Thào Lý Hạng Cứ Chang"), _w("A:3 Văn"),
         _w("Páo Sử Chư Dình Lử Tủa Chồng Sáy Dế Cở Của Nhè Dia Khua Xá Súa Dua Phừ Vừ Chính")),
        (None, _w("Thị"),
         _w("Mỷ Dợ Sua Mai Pà Chở Dính Và Sinh Dung Ly Máy Chía Mang Say Mỵ Xí Ca Lan Hoa")),
    ),
    "Tày": NameParts(
        (_w("Hoàng:3 Nông:3 Lương:2 Ma Hà Lục Bế Đàm Triệu Lành"), _w("Văn:4 Đức Minh"),
         _w("Tuấn Cường Hải Phong Pảo Slằng Khoa Thắng Chung Quyết Hưng Lợi Thuận Dũng Toản")),
        (None, _w("Thị:4 Thu"), _w("Hoa Liên Thủy Ngần Slim Mai Lụa Thắm Nhung Duyên Hiền Lan")),
    ),
    "Nùng": NameParts(
        (_w("Nông:3 Hoàng:2 Lý Lương Mã Chu Vi Hứa Lăng Đinh"), _w("Văn:4 Đức"),
         _w("Sẩu Slao Pảo Chấn Lìn Thắng Cường Tài Khải Hảo Dìn Pằn")),
        (None, _w("Thị"), _w("Ngần Slìm Mây Lụa Hoa Mai Sinh Dìn Phượng Thu Hiên")),
    ),
    "Mường": NameParts(
        (_w("Bùi:4 Đinh:3 Quách Hà Xa Bạch Cao"), _w("Văn:4 Đức Công"),
         _w("Khoa Thắng Dũng Nương Hợi Tình Lợi Sơn Tuấn Khánh Hoàn")),
        (None, _w("Thị"), _w("Lún Nhàn Đới Hoa Hương Thoa Mận Lan Thủy Vân")),
    ),
    "Dao": NameParts(
        (_w("Lý:3 Triệu:3 Đặng:2 Bàn Phàn"), _w("Văn:3 Tiến"), _w("Chòi Phin Seng Quẩy Kiềm Lở Chàn Sinh Vần")),
        (None, _w("Thị"), _w("Mẩy Nải Sành Phây Mui Xuân Kiều Chiêm")),
    ),
    "Khơ Mú": NameParts(
        (_w("Quàng Lò Cà Vi"), _w("Văn"), _w("Ón Phăn Xiêng Ọt Khằm Bướn Pọm Liên")),
        (None, _w("Thị"), _w("Ỏn Pâng Liên Xôm Ly Phon Kim Nhất")),
    ),
    "Hà Nhì": NameParts(
        (_w("Lỳ Chu Pờ Sừ"), _w("A Xá"), _w("Sáu Phù Xé Giàng Chừ")),
        (None, _w("Thị"), _w("Mé Dế Gió Xá Chà")),
    ),
    "Lào": NameParts(
        (_w("Lò Vì Lường Cà"), _w("Văn"), _w("Bun Khăm Xay Kẻo Phăn")),
        (None, _w("Thị"), _w("Phon Bua Khăm Kẻo Ngoan")),
    ),
    "Kháng": NameParts(
        (_w("Lò Quàng Cà Vì"), _w("Văn"), _w("Hởi Tính Piếng Luân")),
        (None, _w("Thị"), _w("Xiêng Ính Pản Hoan")),
    ),
    "Hoa": NameParts(
        (_w("Lâm:2 Lý:2 Trương Quách Mạch Huỳnh Tăng Diệp Hứa Châu La Lưu"), _w("Văn Chí Kiến Quốc Gia"),
         _w("Phát Hưng Thành Cường Minh Hoa Tài Lợi Quang Vinh Kiệt")),
        (None, _w("Thị Mỹ Tuyết Ngọc Lệ"), _w("Linh Hoa Phương Mai Anh Ngọc Quyên Trinh Hân Vy")),
    ),
    "Khmer": NameParts(
        (_w("Thạch:3 Danh:3 Sơn:2 Kim Lâm Chau"), _w("_:2 Văn"),
         _w("Sóc Rết Phol Sa_Rây Chanh_Đa Sô_Phal Thol Sang Kiên Sóc_Kha Bo_Ra Ra_Tha")),
        (_w("Thạch:3 Danh:3 Sơn:2 Kim Lâm Néang"), _w("Thị"),
         _w("Sa_Ra Sô_Phia Cha_Ry Mây Sa_Rươne Kim_Ngân Sa_Vươn Mo_Ni Chanh_Thy Ry_Na")),
    ),
    "Gia Rai": NameParts(
        (_w("Rơ_Châm Ksor Siu Rơ_Mah Kpă Nay Rah_Lan Puih Rơ_Ô"), [("", 1.0)],
         _w("Blel Phơi Đưng Hyui Thuốt Hlom Nhiu Kheo Bơng Djiu")),
        (None, [("", 1.0)], _w("H'Luyn H'Hạnh Nhen Yơn H'Bló Chin Ngơi H'Nga Hyen Blơng")),
    ),
    # Ê Đê names put the given name first and the clan last: "Y Ngọc Niê", "H'Hen Niê".
    "Ê Đê": NameParts(
        ([("Y", 1.0)], _w("Ngọc Jút Blin Khoa Thanh Nguyên Dhiêng Bhiao Kha Tô"),
         _w("Niê:3 Ayun Byă Êban Mlô Adrơng Ksơr Buôn_Yă Knul Hwing Niê_Kdăm")),
        ([("", 1.0)], _w("H'Hen H'Yim H'Lim H'Ngoan H'Xuân H'Mai H'Bia H'Wen H'Rin H'Nga"),
         _w("Niê:3 Ayun Byă Êban Mlô Adrơng Ksơr Buôn_Yă Knul Hwing Niê_Kdăm")),
    ),
    "Ba Na": NameParts(
        (_w("A Đinh_Văn"), [("", 1.0)], _w("Thút Pơng Vêng Hyông Ngơn Bloanh Trui Hmưch")),
        (_w("Y Đinh_Thị"), [("", 1.0)], _w("Ngọc Hlen Pơl Mlen Dơk Thăm Hyiêng Blao")),
    ),
}
# Groups not listed here take Kinh-style names, as most of them do on paper.

# Place-name syllables by region: a place is two syllables (Mường Thanh, Tân Phú, Ea Kar).
_LOWLAND = (
    "Tân Phú An Bình Hòa Thạnh Long Mỹ Đông Tây Nam Bắc Thuận Hưng Xuân Quang Vĩnh Phước Thanh Sơn Hải Lộc Thịnh "
    "Định Minh Hồng Trung Đức Yên Phong Cẩm Kim Hương Hiệp Nghĩa Tiên Lạc",
    "An Bình Hòa Thạnh Long Phú Lộc Thịnh Hưng Phước Tân Lợi Điền Hải Sơn Thủy Giang Trung Xuân Quang Đông Tây "
    "Nam Bắc Mỹ Hiệp Nghĩa Thành Tiến Hội Lâm Khánh Ninh Cường",
)
PLACE_SYLLABLES = {
    "northwest": ("Mường Nà Pa Huổi Chiềng Nậm Phìn Sín Pú Tả Quài Si Xá Na Bản Tủa Noong Thanh",
                  "Thanh Phăng Pồ Lay Nhé Chà Ảng Luân Tùng Hồ Sang Khoa Mùn Tở Lèng Nưa Thín Báng Đun Tinh Hỳ Cang Lói"),
    "northeast": ("Bản Nà Khuổi Pác Cốc Thông Quang Hồng Hòa Minh Yên Tân Vũ Đồng Kim Phúc Lũng Bằng",
                  "Giang Hà Khuông Lạc Sơn Thượng Cải Tịnh Lương Quang Phong Xuân Linh Cao Hiệp Nhạc Sinh Đô"),
    "highlands": ("Ea Krông Buôn Chư Ia Đăk Cư Kon Pơ Đức Lạc Bảo Di",
                  "Kar Pắc Năng Sê Drăng Ana Búk Hleo Mgar Pơng Grai Blang Tơ Mơ Rông Tô Lộc Linh Hà Trọng Dương"),
    "lowland": _LOWLAND,
}
REGION_PLACES = {"northwest": "northwest", "northeast": "northeast", "highlands": "highlands"}

FIGURES = (
    "Lê Quý Đôn", "Nguyễn Du", "Trần Phú", "Lê Lợi", "Nguyễn Trãi", "Chu Văn An", "Phan Bội Châu", "Trần Hưng Đạo",
    "Lê Hồng Phong", "Nguyễn Huệ", "Quang Trung", "Hùng Vương", "Võ Thị Sáu", "Nguyễn Thị Minh Khai", "Lý Thường Kiệt",
    "Ngô Quyền", "Hai Bà Trưng", "Phan Chu Trinh", "Huỳnh Thúc Kháng", "Lương Thế Vinh", "Nguyễn Bỉnh Khiêm",
    "Tô Hiến Thành", "Bế Văn Đàn", "Kim Đồng", "Võ Nguyên Giáp", "Tôn Đức Thắng", "Nguyễn Văn Cừ", "Trần Quốc Toản",
    "Lê Văn Tám", "Nguyễn Đình Chiểu",
)
BRANDS = (
    "Hưng Thịnh", "Phú Cường", "Minh Phát", "Thành Đạt", "An Khang", "Việt Tiến", "Đại Phát", "Tân Phong", "Hoàng Long",
    "Phúc Lộc", "Thái Bình Dương", "Sao Mai", "Trường Sơn", "Hồng Hà", "Cửu Long", "Đông Á", "Nam Việt", "Bình Minh",
    "Kim Ngân", "Thiên Phúc", "Hòa Phát Lợi", "Tiến Thành", "Quang Minh", "Vạn Xuân", "Hải Đăng", "Ánh Dương",
    "Tâm Đức", "Thuận Thành", "Phương Đông", "Song Long",
)
FOREIGN_BRANDS = (
    "Sunrise", "Pacific", "Everwin", "Golden Bridge", "Silver Lake", "Blue Ocean", "Grand Star", "Eastern Sun",
    "Northstar", "Orient Link", "Harmony", "Crystal Bay", "Evergreen Tech", "Jade River", "Maple Leaf", "Lotus Pearl",
)


# --------------------------------------------------------------------------------------------
# Kinds of CĐCS: what they are called, their size, share of women, heads and staff
# --------------------------------------------------------------------------------------------

DIRECT = "truc-tiep"
MANAGER = "lanh-dao-khac"
CHAIR = "Chủ tịch công đoàn cơ sở"
VICE_CHAIR = "Phó Chủ tịch công đoàn cơ sở"
COMMITTEE = "Ủy viên BCH công đoàn cơ sở"
GROUP_LEADER = "Tổ trưởng công đoàn"
MEMBER = "Đoàn viên"
EMULATION_OFFICER = "Chuyên viên phụ trách thi đua, khen thưởng"


@dataclass(frozen=True)
class Kind:
    sector: str
    median: int  # members: log-normal around this median…
    sigma: float  # …with this spread
    women: tuple[float, float]
    head: tuple[str, str, str]  # head title, deputy title, their category
    staff: str  # key of STAFF
    names: tuple[str, ...]  # name templates: {place} {figure} {brand} {fbrand} {prov} {ward}


S_ADMIN, S_PUBLIC, S_STATE, S_PRIVATE, S_FOREIGN, S_OTHER = (
    "administrative", "public_service", "state_enterprise", "private_enterprise", "foreign_invested", "other")
_ENTERPRISE_HEAD = ("Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep")

KINDS = {
    "preschool": Kind(S_PUBLIC, 18, 0.4, (0.9, 0.98), ("Hiệu trưởng", "Phó Hiệu trưởng", MANAGER), "preschool",
                      ("Trường Mầm non {place}", "Trường Mầm non {ward} {place}", "Trường Mầm non Hoa Sen {place}")),
    "school": Kind(S_PUBLIC, 32, 0.4, (0.65, 0.85), ("Hiệu trưởng", "Phó Hiệu trưởng", MANAGER), "school",
                   ("Trường Tiểu học {place}", "Trường THCS {place}", "Trường Tiểu học và THCS {place}",
                    "Trường Tiểu học {figure}", "Trường THCS {figure}", "Trường PTDTBT Tiểu học {place}")),
    "high_school": Kind(S_PUBLIC, 65, 0.3, (0.55, 0.7), ("Hiệu trưởng", "Phó Hiệu trưởng", MANAGER), "high_school",
                        ("Trường THPT {figure}", "Trường THPT {place}", "Trường Phổ thông Dân tộc nội trú {place}")),
    "college": Kind(S_PUBLIC, 120, 0.5, (0.5, 0.7), ("Hiệu trưởng", "Phó Hiệu trưởng", MANAGER), "college",
                    ("Trường Cao đẳng Y tế {place}", "Trường Cao đẳng Sư phạm {place}", "Trường Cao đẳng Nghề {place}",
                     "Trường Cao đẳng Kinh tế – Kỹ thuật {place}", "Trường Cao đẳng Cộng đồng {place}")),
    "university": Kind(S_PUBLIC, 450, 0.6, (0.5, 0.65), ("Hiệu trưởng", "Phó Hiệu trưởng", MANAGER), "college",
                       ("Trường Đại học Sư phạm {place}", "Trường Đại học Kinh tế {place}", "Trường Đại học Y Dược {place}",
                        "Trường Đại học Bách khoa {place}", "Trường Đại học Nông Lâm {place}", "Trường Đại học Luật {place}")),
    "hospital": Kind(S_PUBLIC, 260, 0.7, (0.6, 0.75), ("Giám đốc", "Phó Giám đốc", MANAGER), "hospital",
                     ("Bệnh viện Đa khoa {place}", "Bệnh viện Sản Nhi {place}", "Bệnh viện Y học cổ truyền {place}",
                      "Bệnh viện Phổi {place}", "Bệnh viện Mắt {place}", "Bệnh viện Phục hồi chức năng {place}")),
    "health_centre": Kind(S_PUBLIC, 110, 0.5, (0.55, 0.7), ("Giám đốc", "Phó Giám đốc", MANAGER), "hospital",
                          ("Trung tâm Y tế khu vực {place}", "Trung tâm Y tế {place}")),
    "health_station": Kind(S_PUBLIC, 7, 0.3, (0.55, 0.75), ("Trưởng Trạm", "Phó Trưởng Trạm", MANAGER), "clinic",
                           ("Trạm Y tế {ward} {place}",)),
    "office": Kind(S_ADMIN, 45, 0.6, (0.35, 0.55), ("Giám đốc Sở", "Phó Giám đốc Sở", "lanh-dao-so"), "office",
                   ("Sở Tài chính {prov}", "Sở Nội vụ {prov}", "Sở Tư pháp {prov}", "Sở Xây dựng {prov}",
                    "Sở Công Thương {prov}", "Sở Nông nghiệp và Môi trường {prov}", "Sở Giáo dục và Đào tạo {prov}",
                    "Sở Văn hóa, Thể thao và Du lịch {prov}", "Sở Khoa học và Công nghệ {prov}",
                    "Văn phòng Ủy ban nhân dân {prov}", "Thanh tra {prov}", "Ban Quản lý dự án {place}")),
    "commune": Kind(S_ADMIN, 22, 0.3, (0.3, 0.45), ("Chủ tịch UBND", "Phó Chủ tịch UBND", MANAGER), "commune",
                    ("Cơ quan Ủy ban nhân dân {ward} {place}", "Cơ quan Đảng ủy {ward} {place}",
                     "Cơ quan Ủy ban Mặt trận Tổ quốc {ward} {place}")),
    "cooperative": Kind(S_OTHER, 14, 0.5, (0.3, 0.6), ("Giám đốc Hợp tác xã", "Phó Giám đốc Hợp tác xã", MANAGER), "farm",
                        ("Hợp tác xã Nông nghiệp {place}", "Hợp tác xã Dịch vụ nông nghiệp {place}",
                         "Hợp tác xã Vận tải {place}", "Hợp tác xã Thủy sản {place}")),
    "guild": Kind(S_OTHER, 25, 0.6, (0.2, 0.6), ("Lao động tự do", "Lao động tự do", DIRECT), "guild",
                  ("Nghiệp đoàn Xe ôm {place}", "Nghiệp đoàn Nghề cá {place}", "Nghiệp đoàn Vận tải {place}",
                   "Nghiệp đoàn Tiểu thương chợ {place}", "Nghiệp đoàn Lao động tự do {place}")),
    "construction": Kind(S_PRIVATE, 40, 0.9, (0.1, 0.2), _ENTERPRISE_HEAD, "construction",
                         ("Công ty TNHH Xây dựng {brand}", "Công ty CP Đầu tư và Xây dựng {brand}",
                          "Công ty CP Xây lắp {place}", "Công ty TNHH Tư vấn xây dựng {brand}")),
    "trade": Kind(S_PRIVATE, 22, 0.8, (0.4, 0.6), _ENTERPRISE_HEAD, "trade",
                  ("Công ty TNHH Thương mại {brand}", "Công ty TNHH Thương mại và Dịch vụ {brand}",
                   "Công ty CP Dược phẩm {brand}", "Công ty TNHH Xăng dầu {place}", "Siêu thị {brand} {place}")),
    "farm": Kind(S_PRIVATE, 60, 0.9, (0.35, 0.55), _ENTERPRISE_HEAD, "farm",
                 ("Công ty CP Nông nghiệp {brand}", "Công ty CP Chè {place}", "Công ty TNHH Cà phê {brand}",
                  "Công ty TNHH Chăn nuôi {brand}", "Công ty TNHH MTV Lâm nghiệp {place}")),
    "garment": Kind(S_FOREIGN, 900, 1.0, (0.75, 0.9), ("Tổng Giám đốc", "Phó Tổng Giám đốc", "quan-ly-doanh-nghiep"),
                    "garment",
                    ("Công ty TNHH May mặc {fbrand} Việt Nam", "Công ty CP May {brand}", "Công ty TNHH Dệt may {fbrand}",
                     "Công ty CP May xuất khẩu {place}")),
    "electronics": Kind(S_FOREIGN, 1500, 1.1, (0.6, 0.8), ("Tổng Giám đốc", "Phó Tổng Giám đốc", "quan-ly-doanh-nghiep"),
                        "factory",
                        ("Công ty TNHH Điện tử {fbrand} Việt Nam", "Công ty TNHH Linh kiện điện tử {fbrand}",
                         "Công ty TNHH Công nghệ {fbrand} Vina")),
    "footwear": Kind(S_FOREIGN, 1400, 1.0, (0.7, 0.85), ("Tổng Giám đốc", "Phó Tổng Giám đốc", "quan-ly-doanh-nghiep"),
                     "factory", ("Công ty TNHH Giày da {fbrand} Việt Nam", "Công ty TNHH Túi xách {fbrand}",
                                 "Công ty CP Da giày {brand}")),
    "mechanical": Kind(S_PRIVATE, 150, 1.0, (0.1, 0.25), _ENTERPRISE_HEAD, "factory",
                       ("Công ty TNHH Cơ khí {brand}", "Công ty CP Cơ khí chính xác {brand}",
                        "Công ty TNHH Kết cấu thép {fbrand}", "Công ty TNHH Khuôn mẫu {fbrand} Việt Nam")),
    "food": Kind(S_PRIVATE, 180, 1.0, (0.5, 0.7), _ENTERPRISE_HEAD, "factory",
                 ("Công ty CP Thực phẩm {brand}", "Công ty TNHH Chế biến nông sản {brand}",
                  "Công ty CP Thủy sản {place}", "Công ty TNHH Đồ uống {fbrand}")),
    "wood": Kind(S_PRIVATE, 200, 0.9, (0.3, 0.5), _ENTERPRISE_HEAD, "factory",
                 ("Công ty TNHH Chế biến gỗ {brand}", "Công ty TNHH Nội thất {fbrand}", "Công ty CP Lâm sản {place}")),
    "chemical": Kind(S_STATE, 250, 0.8, (0.2, 0.35), _ENTERPRISE_HEAD, "factory",
                     ("Công ty CP Hóa chất {place}", "Công ty CP Phân bón {brand}", "Công ty TNHH Nhựa {brand}",
                      "Công ty CP Bao bì {brand}")),
    "power": Kind(S_STATE, 260, 0.6, (0.15, 0.25), _ENTERPRISE_HEAD, "power",
                  ("Công ty Điện lực {place}", "Điện lực {place}", "Công ty Thủy điện {place}", "Truyền tải điện {place}")),
    "water": Kind(S_STATE, 110, 0.6, (0.2, 0.35), _ENTERPRISE_HEAD, "power",
                  ("Công ty CP Cấp nước {place}", "Công ty TNHH MTV Khai thác thủy lợi {place}",
                   "Công ty CP Môi trường đô thị {place}")),
    "bank": Kind(S_STATE, 70, 0.6, (0.5, 0.65), ("Giám đốc chi nhánh", "Phó Giám đốc chi nhánh", "quan-ly-doanh-nghiep"),
                 "bank",
                 ("Ngân hàng Nông nghiệp và Phát triển nông thôn Chi nhánh {place}",
                  "Ngân hàng TMCP Công thương Chi nhánh {place}", "Ngân hàng TMCP Đầu tư và Phát triển Chi nhánh {place}",
                  "Ngân hàng TMCP Ngoại thương Chi nhánh {place}", "Ngân hàng Chính sách xã hội Chi nhánh {place}")),
    "post": Kind(S_STATE, 90, 0.7, (0.35, 0.5), _ENTERPRISE_HEAD, "service",
                 ("Bưu điện {place}", "Viễn thông {place}", "Trung tâm Kinh doanh VNPT {place}")),
    "transport": Kind(S_STATE, 140, 0.9, (0.15, 0.3), _ENTERPRISE_HEAD, "transport",
                      ("Công ty CP Vận tải {brand}", "Công ty CP Cảng {place}", "Công ty TNHH Logistics {fbrand}",
                       "Công ty CP Bến xe {place}", "Công ty CP Quản lý đường bộ {place}")),
    "oil": Kind(S_STATE, 300, 0.8, (0.15, 0.3), _ENTERPRISE_HEAD, "factory",
                ("Công ty Xăng dầu {place}", "Công ty Khí {place}", "Công ty Dịch vụ kỹ thuật dầu khí {place}")),
    "mining": Kind(S_STATE, 1200, 0.7, (0.1, 0.2), _ENTERPRISE_HEAD, "mining",
                   ("Công ty Than {place}", "Công ty CP Than {place}", "Công ty Tuyển than {place}",
                    "Công ty CP Khoáng sản {place}")),
    "rubber": Kind(S_STATE, 700, 0.8, (0.4, 0.55), _ENTERPRISE_HEAD, "farm",
                   ("Công ty TNHH MTV Cao su {place}", "Công ty CP Cao su {place}", "Nông trường Cao su {place}")),
    "aviation": Kind(S_STATE, 500, 0.8, (0.45, 0.6), _ENTERPRISE_HEAD, "service",
                     ("Công ty TNHH Dịch vụ mặt đất sân bay {place}", "Công ty Suất ăn hàng không {place}",
                      "Công ty Kỹ thuật máy bay {place}", "Đoàn Tiếp viên {place}")),
    "rail": Kind(S_STATE, 250, 0.7, (0.15, 0.3), _ENTERPRISE_HEAD, "transport",
                 ("Công ty CP Đường sắt {place}", "Công ty CP Thông tin tín hiệu đường sắt {place}", "Ga {place}")),
    "defense": Kind(S_STATE, 600, 0.9, (0.25, 0.45), _ENTERPRISE_HEAD, "factory",
                    ("Nhà máy Z1{num}", "Công ty TNHH MTV Cơ khí {num}", "Công ty TNHH MTV Đóng tàu {place}",
                     "Công ty TNHH MTV Xây dựng {num}")),
    "police": Kind(S_ADMIN, 90, 0.6, (0.3, 0.5), ("Thủ trưởng đơn vị", "Phó Thủ trưởng đơn vị", MANAGER), "office",
                   ("Trại giam {place}", "Trung tâm Huấn luyện {place}", "Bệnh viện Công an {prov}",
                    "Cơ sở giáo dục bắt buộc {place}")),
    "tax": Kind(S_ADMIN, 80, 0.5, (0.45, 0.6), ("Trưởng Thuế cơ sở", "Phó Trưởng Thuế cơ sở", MANAGER), "office",
                ("Thuế cơ sở {place}", "Chi cục Hải quan {place}", "Kho bạc Nhà nước khu vực {place}")),
}

# Job titles of the members other than the two heads: "title:weight:category" (category defaults to DIRECT).
_STAFF_TEXT = {
    "preschool": "Giáo_viên:12 Nhân_viên_nấu_ăn:2 Nhân_viên_kế_toán:1 Tổ_trưởng_chuyên_môn:1:" + MANAGER,
    "school": "Giáo_viên:20 Nhân_viên_kế_toán:1 Nhân_viên_văn_thư:1 Nhân_viên_thư_viện:1 Bảo_vệ:1 "
              "Tổ_trưởng_chuyên_môn:2:" + MANAGER,
    "high_school": "Giáo_viên:22 Tổ_trưởng_chuyên_môn:2:" + MANAGER + " Nhân_viên_kế_toán:1 Nhân_viên_thiết_bị:1 Bảo_vệ:1",
    "college": "Giảng_viên:16 Giảng_viên_chính:3 Trưởng_khoa:1:" + MANAGER + " Trưởng_phòng:1:" + MANAGER
               + " Chuyên_viên:4 Kế_toán:1",
    "hospital": "Bác_sĩ:6 Điều_dưỡng:10 Hộ_sinh:2 Kỹ_thuật_viên_xét_nghiệm:2 Dược_sĩ:1 Hộ_lý:2 Kế_toán:1 "
                "Trưởng_khoa:1:" + MANAGER + " Điều_dưỡng_trưởng:1:" + MANAGER,
    "clinic": "Y_sĩ:3 Điều_dưỡng:2 Hộ_sinh:1 Dược_sĩ:1",  # the head and deputy are the only managers
    "office": "Chuyên_viên:10 Chuyên_viên_chính:3 Trưởng_phòng:1:" + MANAGER + " Phó_Trưởng_phòng:2:" + MANAGER
              + " Kế_toán:1 Văn_thư:1 Lái_xe:1",
    "commune": "Công_chức_Văn_phòng_–_Thống_kê:2 Công_chức_Địa_chính_–_Xây_dựng:2 Công_chức_Tư_pháp_–_Hộ_tịch:1 "
               "Công_chức_Tài_chính_–_Kế_toán:1 Công_chức_Văn_hóa_–_Xã_hội:2 Trưởng_phòng:1:" + MANAGER,
    "guild": "Lái_xe_ôm:3 Ngư_dân:2 Tiểu_thương:3 Thợ_xây:2 Lao_động_tự_do:3",
    "construction": "Công_nhân_xây_dựng:10 Công_nhân_vận_hành_máy:3 Kỹ_sư_xây_dựng:2 Tổ_trưởng_sản_xuất:1 Kế_toán:1 "
                    "Thủ_kho:1 Lái_xe:1 Trưởng_phòng:1:" + MANAGER,
    "trade": "Nhân_viên_bán_hàng:6 Nhân_viên_kinh_doanh:4 Kế_toán:1 Thủ_kho:1 Lái_xe:1 Trưởng_phòng:1:" + MANAGER,
    "farm": "Công_nhân_nông_nghiệp:8 Công_nhân_chế_biến:6 Kỹ_thuật_viên_nông_nghiệp:2 Tổ_trưởng_sản_xuất:1 Kế_toán:1 "
            "Đội_trưởng_sản_xuất:1:" + MANAGER,
    "garment": "Công_nhân_may:18 Công_nhân_cắt:3 Công_nhân_là_gấp:2 Nhân_viên_kiểm_hàng_(QC):1 Tổ_trưởng_chuyền_may:1 "
               "Trưởng_bộ_phận:1:" + MANAGER + " Quản_đốc_xưởng_may:1:" + MANAGER + " Phó_Quản_đốc:1:" + MANAGER,
    "factory": "Công_nhân_sản_xuất:16 Công_nhân_vận_hành_máy:4 Kỹ_thuật_viên:2 Nhân_viên_kiểm_tra_chất_lượng:1 "
               "Tổ_trưởng_sản_xuất:1 Kế_toán:1 Trưởng_bộ_phận:1:" + MANAGER + " Quản_đốc_phân_xưởng:1:" + MANAGER
               + " Phó_Trưởng_phòng:1:" + MANAGER,
    "power": "Công_nhân_vận_hành:8 Công_nhân_quản_lý_đường_dây:6 Kỹ_sư_điện:3 Nhân_viên_kinh_doanh:3 Kế_toán:1 "
             "Trưởng_phòng:1:" + MANAGER,
    "bank": "Giao_dịch_viên:6 Cán_bộ_tín_dụng:6 Kiểm_soát_viên:2 Kế_toán:2 Lái_xe:1 Trưởng_phòng:1:" + MANAGER,
    "service": "Nhân_viên_kinh_doanh:5 Giao_dịch_viên:3 Kỹ_thuật_viên:4 Bưu_tá:2 Kế_toán:1 Trưởng_phòng:1:" + MANAGER,
    "transport": "Lái_xe:8 Phụ_xe:3 Công_nhân_bốc_xếp:4 Công_nhân_sửa_chữa:3 Điều_độ_viên:1 Kế_toán:1 "
                 "Trưởng_phòng:1:" + MANAGER,
    "mining": "Công_nhân_khai_thác_mỏ:14 Công_nhân_cơ_điện:4 Công_nhân_vận_tải_mỏ:3 Kỹ_sư_mỏ:1 Lò_trưởng:1 "
              "Quản_đốc_phân_xưởng:1:" + MANAGER,
}
# Managers (deputy heads of department and above) make up this share of the staff of every kind that
# has them, so that about 80% of all members fall in the direct-worker category, as in the TLĐ's
# statistics; the weights above only set the mix within each group.
MANAGER_SHARE = 0.18


def _staff(text: str) -> list[tuple[str, float, str]]:
    rows = [(t.replace("_", " "), float(w), c or DIRECT)
            for t, w, c in (tuple((part.split(":") + ["", ""])[:3]) for part in text.split())]
    direct = sum(w for _, w, c in rows if c == DIRECT)
    managers = sum(w for _, w, c in rows if c != DIRECT)
    if not managers:
        return rows
    factor = MANAGER_SHARE / (1 - MANAGER_SHARE) * direct / managers
    return [(t, w if c == DIRECT else w * factor, c) for t, w, c in rows]


STAFF = {key: _staff(text) for key, text in _STAFF_TEXT.items()}

# CĐCS kinds under each kind of parent: weights.
MIX = {
    "ldld-huyen": {"preschool": 13, "school": 22, "high_school": 4, "health_station": 6, "health_centre": 1, "commune": 8,
                   "office": 2, "construction": 8, "trade": 10, "farm": 4, "cooperative": 4, "guild": 3, "garment": 3,
                   "food": 3, "mechanical": 2, "wood": 2, "post": 1, "bank": 1, "power": 1},
    "cd-xa-phuong": {"preschool": 14, "school": 20, "health_station": 8, "commune": 10, "trade": 14, "construction": 10,
                     "cooperative": 6, "guild": 6, "food": 4, "garment": 3, "wood": 2},
    "cd-kcn": {"garment": 20, "electronics": 16, "footwear": 10, "mechanical": 16, "food": 8, "wood": 8, "chemical": 5,
               "trade": 5, "construction": 5, "transport": 4},
    "health": {"hospital": 20, "health_centre": 40, "office": 2, "college": 2},
    "education": {"high_school": 50, "college": 6, "office": 2, "school": 10},
    "cd-vien-chuc": {"office": 10, "commune": 1},
    "ldld-tinh": {"power": 3, "water": 3, "bank": 5, "post": 3, "transport": 4, "trade": 4, "construction": 4, "garment": 2,
                  "electronics": 1, "office": 3, "hospital": 1, "farm": 2},
}

# Training courses for emulation staff: (course, held on, organised by the TLĐ rather than the provincial union)
COURSES = [
    ("Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2024", datetime.date(2024, 4, 16), False),
    ("Tập huấn triển khai Luật Thi đua, khen thưởng năm 2022 và Nghị định số 98/2023/NĐ-CP",
     datetime.date(2024, 6, 11), True),
    ("Bồi dưỡng kỹ năng phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến", datetime.date(2024, 9, 24), False),
    ("Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2025", datetime.date(2025, 4, 8), False),
    ("Tập huấn hướng dẫn công tác khen thưởng trong tổ chức Công đoàn", datetime.date(2025, 8, 19), True),
    ("Tập huấn sử dụng phần mềm quản lý thi đua, khen thưởng", datetime.date(2025, 11, 4), False),
]
TLD_NAME = "Tổng Liên đoàn Lao động Việt Nam"

MOVE_NOTES = ("Chuyển về công đoàn cấp trên trực tiếp mới theo phân cấp quản lý",
              "Doanh nghiệp chuyển trụ sở, chuyển công đoàn cấp trên quản lý")
MERGE_NOTES = ("Sáp nhập theo phương án sắp xếp tổ chức bộ máy năm 2025",
               "Hợp nhất đơn vị, chuyển toàn bộ đoàn viên về công đoàn tiếp nhận")
DISSOLVE_NOTES = ("Doanh nghiệp giải thể, chấm dứt hoạt động", "Đơn vị sự nghiệp giải thể theo quyết định sắp xếp")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_step(n: int) -> str:
    """Treebeard's 4-character base-36 step: 1 -> '0001'."""
    if not 0 < n < 36**4:
        raise ValueError(f"step {n} out of range")
    digits = ""
    while n:
        n, r = divmod(n, 36)
        digits = ALPHABET[r] + digits
    return digits.rjust(4, "0")


def cumulative(weights: Iterable[float]) -> list[float]:
    """Cumulative weights normalised to end at exactly 1.0, for bisect(cum, random())."""
    cum = list(itertools.accumulate(weights))
    total = cum[-1]
    cum = [c / total for c in cum]
    cum[-1] = 1.0
    return cum


def allocate(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` into integers proportional to `weights`, each at least `minimum`, summing exactly to `total`
    (largest remainders get the leftover)."""
    n = len(weights)
    if n == 0:
        return []
    if total < minimum * n:
        raise ValueError(f"cannot give {n} parts at least {minimum} each out of {total}")
    spare = total - minimum * n
    s = sum(weights)
    shares = [spare * w / s for w in weights]
    counts = [minimum + int(x) for x in shares]
    left = total - sum(counts)
    order = sorted(range(n), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in order[:left]:
        counts[i] += 1
    return counts


def zipf_weights(rng: random.Random, n: int, exponent: float = 0.65, noise: float = 0.25) -> list[float]:
    """Uneven weights: rank^-exponent in shuffled order, with some log-normal noise.
    max/min is about n**exponent, so fan-out stays uneven at any size."""
    weights = [(rank + 1) ** -exponent * rng.lognormvariate(0, noise) for rank in range(n)]
    rng.shuffle(weights)
    return weights


def random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    days = (end - start).days
    return start + datetime.timedelta(days=rng.randrange(max(days, 1)))


# --------------------------------------------------------------------------------------------
# The plan of the tree
# --------------------------------------------------------------------------------------------

# Levels: the root, provincial-level unions, upper-level unions, CĐCS.
ROOT, PROVINCIAL, UPPER, GRASSROOTS = range(4)
MOVED, MERGED, DISSOLVED = "moved", "merged", "dissolved"


class PlannedUnit:
    """One unit as it will be written. `parent` is the current parent; a moved unit also has
    `old_parent`/`old_path` (its place until `changed_on`)."""

    __slots__ = (
        "id", "code", "name", "short_name", "type_code", "level", "parent", "sector", "address", "active_from",
        "path", "children", "profile", "size", "home", "women_share", "change", "changed_on", "old_parent",
        "old_path", "successor", "note", "emulation",
    )

    def __init__(self, code, name, short_name, type_code, level, parent, sector, address, active_from, home):
        self.id = 0
        self.code, self.name, self.short_name, self.type_code = code, name, short_name, type_code
        self.level, self.parent, self.sector, self.address = level, parent, sector, address
        self.active_from, self.home = active_from, home
        self.path = ""
        self.children: list[PlannedUnit] = []  # in creation order (their original places)
        self.profile = None
        self.size = 0  # members generated for it (a merged unit's go to its successor)
        self.women_share = 0.5
        self.change = None  # MOVED / MERGED / DISSOLVED
        self.changed_on = None
        self.old_parent = self.old_path = self.successor = None
        self.note = ""
        self.emulation = False  # a CĐCS whose vice-chair works on emulation and awards

    @property
    def depth(self) -> int:
        return len(self.path) // 4

    @property
    def active_until(self):
        return self.changed_on if self.change in (MERGED, DISSOLVED) else None


class Home:
    """What a unit's people look like: the ethnic mix, place names and citizen-ID codes of its province."""

    def __init__(self, index: int, province: Province | None):
        self.index = index
        self.province = province
        self.region = province.region if province else "national"
        self.codes = province.codes if province else ALL_CODES
        self.label = province.label if province else ""
        self.places: list[str] = []


@dataclass
class Plan:
    shape: Shape
    seed: int
    units: list[PlannedUnit]  # in id order: parents before children
    homes: list[Home]

    def counts(self) -> dict[str, int]:
        levels = [0, 0, 0, 0]
        for u in self.units:
            levels[u.level] += 1
        changes = {MOVED: 0, MERGED: 0, DISSOLVED: 0}
        for u in self.units:
            if u.change:
                changes[u.change] += 1
        return {"root": levels[ROOT], "provincial": levels[PROVINCIAL], "upper": levels[UPPER],
                "grassroots": levels[GRASSROOTS], **changes}


def _places(rng: random.Random, region: str, count: int = 400) -> list[str]:
    first, second = PLACE_SYLLABLES[REGION_PLACES.get(region, "lowland")]
    names = [f"{a} {b}" for a in first.split() for b in second.split() if a != b]
    rng.shuffle(names)
    return names[:count]


def _distinct_places(home: Home) -> Iterator[str]:
    """The province's place names, then the same with Đông/Tây/… (as in "Tân Phú Đông"), then numbered:
    never runs out, however many upper-level unions are asked for."""
    yield from home.places
    for suffix in ("Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung"):
        for place in home.places:
            yield f"{place} {suffix}"
    for n in itertools.count(2):
        for place in home.places:
            yield f"{place} {n}"


def _fill(template: str, rng: random.Random, home: Home, place: str) -> str:
    values = {"place": place, "prov": home.label or "Việt Nam", "ward": rng.choice(("xã", "phường")),
              "figure": rng.choice(FIGURES), "brand": rng.choice(BRANDS), "fbrand": rng.choice(FOREIGN_BRANDS),
              "num": str(rng.randint(10, 99))}
    return template.format(**values)


def _upper_levels_of_province(rng: random.Random, home: Home, count: int, industrial: bool):
    """(type, name, short name, CĐCS mix, weight boost) of a LĐLĐ tỉnh's upper-level unions."""
    label = home.label
    specs = []
    if industrial:
        specs.append(("cd-kcn", f"Công đoàn các Khu công nghiệp {label}", f"CĐ các KCN {label}", "cd-kcn", 3.0))
    specs.append(("cd-nganh", f"Công đoàn ngành Y tế {label}", f"CĐ ngành Y tế {label}", "health", 1.5))
    specs.append(("cd-nganh", f"Công đoàn ngành Giáo dục {label}", f"CĐ ngành Giáo dục {label}", "education", 1.5))
    specs.append(("cd-vien-chuc", f"Công đoàn Viên chức {label}", f"CĐ Viên chức {label}", "cd-vien-chuc", 1.0))
    places = _distinct_places(home)
    while len(specs) < count:
        place = next(places)
        if rng.random() < 0.65:
            kind = rng.choices(("huyện", "thị xã", "thành phố"), (80, 10, 10))[0]
            specs.append(("ldld-huyen", f"Liên đoàn Lao động {kind} {place}", f"LĐLĐ {kind} {place}", "ldld-huyen", 1.0))
        else:
            kind = rng.choice(("xã", "phường"))
            specs.append(("cd-xa-phuong", f"Công đoàn {kind} {place}", f"CĐ {kind} {place}", "cd-xa-phuong", 0.7))
    # With only a few upper-level unions (tiny test shapes), the province-wide ones above come first.
    return specs[:count]


def plan_tree(shape: Shape, seed: int) -> Plan:
    """Decide every unit: place in the tree, names, dates, size and history."""
    rng = random.Random(f"{seed}:tree")
    units: list[PlannedUnit] = []
    homes: list[Home] = []

    def add(unit: PlannedUnit) -> PlannedUnit:
        units.append(unit)
        if unit.parent is not None:
            unit.parent.children.append(unit)
        return unit

    def home_for(index: int, province: Province | None) -> Home:
        home = Home(len(homes), province)
        home.places = _places(random.Random(f"{seed}:places:{index}"), home.region)
        homes.append(home)
        return home

    # --- root and provincial level -------------------------------------------------------
    if shape.scale == "national":
        national = home_for(-1, None)
        root = add(PlannedUnit(f"{CODE_PREFIX}TLD", TLD_NAME, "Tổng Liên đoàn", "tong-ldld", ROOT, None, S_OTHER,
                               "Số 82 phố Trần Hưng Đạo, phường Cửa Nam, thành phố Hà Nội", datetime.date(1929, 7, 28),
                               national))
        provincials = []
        for i, p in enumerate(PROVINCES, start=1):
            home = home_for(i, p)
            name = f"Liên đoàn Lao động {p.label}"
            if p.name.startswith("Thành phố"):
                short = "LĐLĐ TP. Hồ Chí Minh"
            else:
                short = f"LĐLĐ {'TP.' if p.city else 'tỉnh'} {p.name}"
            seat = home.places[0]
            unit = add(PlannedUnit(f"{CODE_PREFIX}T{i:02d}", name, short, "ldld-tinh", PROVINCIAL, root, S_OTHER,
                                   f"Phường {seat}, {p.label}", random_date(rng, datetime.date(1946, 1, 1),
                                                                            datetime.date(1990, 1, 1)), home))
            provincials.append((unit, p.weight, False))
        for i, (name, short, weight, mix, stems) in enumerate(SECTOR_UNIONS, start=1):
            unit = add(PlannedUnit(f"{CODE_PREFIX}N{i:02d}", name, short, "cd-nganh-tw", PROVINCIAL, root, S_OTHER,
                                   "Thành phố Hà Nội", random_date(rng, datetime.date(1950, 1, 1),
                                                                   datetime.date(1995, 1, 1)), national))
            unit.profile = mix  # the sector's CĐCS mix (a dict) stands in for a kind until the CĐCS are drawn
            # Scaled so that the sector unions together hold SECTOR_WEIGHT of the CĐCS.
            provincials.append((unit, weight * sum(p.weight for p in PROVINCES) * SECTOR_WEIGHT
                                / (1 - SECTOR_WEIGHT) / sum(s[2] for s in SECTOR_UNIONS), True))
        below = shape.units - 1 - len(provincials)
    else:
        p = PROVINCES[DIEN_BIEN]
        home = home_for(DIEN_BIEN + 1, p)
        root = add(PlannedUnit(f"{CODE_PREFIX}DB", "Liên đoàn Lao động tỉnh Điện Biên", "LĐLĐ tỉnh Điện Biên",
                               "ldld-tinh", ROOT, None, S_OTHER, "Phường Mường Thanh, tỉnh Điện Biên",
                               datetime.date(1962, 3, 1), home))
        provincials = [(root, 1.0, False)]
        below = shape.units - 1
    if below < 1:
        raise ValueError("too few units for this scale")

    # --- how many upper-level unions and CĐCS, and where ---------------------------------
    n_upper = max(round(below * shape.upper_share), min(below // 10, shape.upper_floor))
    n_grassroots = below - n_upper
    if n_grassroots < 1:
        raise ValueError("too few units for this scale")
    weights = [w for _, w, _ in provincials]
    # Upper-level unions follow the size of the province less than proportionally.
    upper_counts = allocate(n_upper, [w**0.6 for w in weights])
    grassroots_counts = allocate(n_grassroots, weights)

    grassroots_slots: list[tuple[PlannedUnit, str]] = []  # (parent, CĐCS mix key or dict)
    for (prov, _weight, is_sector), n_up, n_cs in zip(provincials, upper_counts, grassroots_counts):
        home = prov.home
        uppers: list[tuple[PlannedUnit, object, float]] = []
        if is_sector:
            stems = SECTOR_UNIONS[int(prov.code[-2:]) - 1][4]
            for k in range(n_up):
                stem = stems[k % len(stems)]
                if k >= len(stems):
                    stem = f"{stem} khu vực {k // len(stems) + 1}"
                u = add(PlannedUnit(f"{prov.code}-{k + 1:03d}", f"Công đoàn {stem}", "", "cd-nganh", UPPER, prov,
                                    S_OTHER, "", random_date(rng, prov.active_from, datetime.date(2010, 1, 1)), home))
                u.address = prov.address
                uppers.append((u, prov.profile, 1.0))
            direct_share = 0.3
        else:
            province = prov.home.province
            industrial = shape.scale == "national" and province.weight >= 1.5
            specs = (_upper_levels_of_province(rng, home, n_up, industrial) if shape.scale == "national"
                     else _dien_bien_upper(n_up, home))
            for k, (type_code, name, short, mix, boost) in enumerate(specs):
                seat = home.places[(k * 7 + 3) % len(home.places)]
                u = add(PlannedUnit(f"{prov.code}-{k + 1:03d}", name, short, type_code, UPPER, prov, S_OTHER,
                                    f"{'Phường' if k % 3 else 'Xã'} {seat}, {home.label}",
                                    random_date(rng, max(prov.active_from, datetime.date(1975, 1, 1)),
                                                datetime.date(2010, 1, 1)), home))
                uppers.append((u, mix, boost))
            direct_share = shape.direct_share
        # CĐCS: a few directly under the provincial level, the rest spread unevenly over the upper levels
        # (each upper-level union gets at least one when there are enough).
        if uppers:
            n_direct = min(round(n_cs * direct_share), max(n_cs - len(uppers), 0))
        else:
            n_direct = n_cs
        direct_mix = prov.profile if is_sector else "ldld-tinh"
        grassroots_slots += [(prov, direct_mix)] * n_direct
        if uppers:
            spread = zipf_weights(rng, len(uppers))
            spread = [w * boost for w, (_, _, boost) in zip(spread, uppers)]
            rest = n_cs - n_direct
            for (u, mix, _), count in zip(uppers, allocate(rest, spread, minimum=1 if rest >= len(uppers) else 0)):
                grassroots_slots += [(u, mix)] * count

    # --- CĐCS ------------------------------------------------------------------------------
    counters: dict[int, int] = {}
    latest = datetime.date(MOVE_YEAR - 1, 12, 31)
    for parent, mix in grassroots_slots:
        home = parent.home
        # A CĐCS of a national sector union sits in some province: its name and address say which.
        where = home if home.province or len(homes) == 1 else homes[1 + rng.randrange(len(homes) - 1)]
        mix_weights = mix if isinstance(mix, dict) else MIX[mix]
        kinds = [k for k, w in mix_weights.items() if w > 0]
        kind_name = rng.choices(kinds, [mix_weights[k] for k in kinds])[0]
        kind = KINDS[kind_name]
        place = rng.choice(where.places)
        entity = _fill(rng.choice(kind.names), rng, where, place)
        type_code = "nghiep-doan" if kind_name == "guild" else "cdcs"
        name = entity if type_code == "nghiep-doan" else f"Công đoàn {entity}"
        n = counters[id(parent)] = counters.get(id(parent), 0) + 1
        code = f"{parent.code}-{n:04d}"
        start = max(parent.active_from + datetime.timedelta(days=30), datetime.date(1985, 1, 1))
        # Founding dates lean towards recent years, like the real registry.
        founded = start + datetime.timedelta(days=int((latest - start).days * rng.random() ** 0.6))
        label = where.label or "Việt Nam"
        u = add(PlannedUnit(code, name, "", type_code, GRASSROOTS, parent, kind.sector,
                            f"{'Xã' if rng.random() < 0.5 else 'Phường'} {place}, {label}", founded, home))
        u.profile = kind_name
        u.women_share = rng.uniform(*kind.women)
        u.emulation = rng.random() < EMULATION_SHARE

    for u in units:
        if u.level != GRASSROOTS and not isinstance(u.profile, str):
            u.profile = None

    _plan_history(rng, units)
    _assign_ids_and_paths(units)
    _plan_sizes(rng, shape, units)
    return Plan(shape, seed, units, homes)


def _dien_bien_upper(count: int, home: Home):
    specs = []
    for type_code, kind, place in DIEN_BIEN_UPPER:
        if type_code == "ldld-huyen":
            specs.append((type_code, f"Liên đoàn Lao động {kind} {place}", f"LĐLĐ {kind} {place}", "ldld-huyen", 1.0))
        elif type_code == "cd-nganh":
            specs.append((type_code, f"Công đoàn ngành {place}", f"CĐ ngành {place}",
                          "health" if place == "Y tế" else "education", 1.5))
        else:
            specs.append((type_code, "Công đoàn Viên chức tỉnh", "CĐ Viên chức tỉnh", "cd-vien-chuc", 1.0))
    places = _distinct_places(home)
    while len(specs) < count:
        place = next(places)
        specs.append(("cd-xa-phuong", f"Công đoàn xã {place}", f"CĐ xã {place}", "cd-xa-phuong", 0.7))
    return specs[:count]


def _plan_history(rng: random.Random, units: list[PlannedUnit]) -> None:
    """~1% of CĐCS moved in 2024 to another upper-level union of the same provincial union (or up to it);
    ~1% merged into a sibling in 2025; ~0.5% dissolved in 2025. The three sets do not overlap, and a
    merge target is left untouched, so each unit has at most one change."""
    grassroots = [u for u in units if u.level == GRASSROOTS]
    if not grassroots:
        return

    def how_many(share: float) -> int:
        return min(len(grassroots), max(1, round(len(grassroots) * share)))

    order = grassroots[:]
    rng.shuffle(order)
    busy: set[int] = set()  # ids (python ids) of units with a change or receiving one

    # Moves: to a different upper-level union of the same provincial-level union, or to the provincial union itself.
    moved = 0
    for u in order:
        if moved >= how_many(MOVED_SHARE):
            break
        if id(u) in busy:
            continue
        provincial = u.parent if u.parent.level in (PROVINCIAL, ROOT) else u.parent.parent
        options = [c for c in provincial.children if c.level == UPPER and c is not u.parent]
        if u.parent is not provincial:
            options.append(provincial)
        if not options:
            continue
        target = rng.choice(options)
        u.change, u.old_parent, u.parent = MOVED, u.parent, target
        u.changed_on = random_date(rng, datetime.date(MOVE_YEAR, 1, 15), datetime.date(MOVE_YEAR, 12, 15))
        u.note = rng.choice(MOVE_NOTES)
        busy.add(id(u))
        moved += 1

    # Merges into a sibling (same current parent) that itself stays unchanged.
    siblings: dict[int, list[PlannedUnit]] = {}
    for u in grassroots:
        if u.change != MOVED:
            siblings.setdefault(id(u.parent), []).append(u)
    merged = 0
    for u in order:
        if merged >= how_many(MERGED_SHARE):
            break
        if id(u) in busy:
            continue
        candidates = [s for s in siblings.get(id(u.parent), []) if s is not u and id(s) not in busy]
        if not candidates:
            continue
        into = rng.choice(candidates)
        u.change, u.successor = MERGED, into
        u.changed_on = random_date(rng, datetime.date(END_YEAR, 1, 2), datetime.date(END_YEAR, 11, 30))
        u.note = rng.choice(MERGE_NOTES)
        busy.update((id(u), id(into)))
        merged += 1

    dissolved = 0
    for u in order:
        if dissolved >= how_many(DISSOLVED_SHARE):
            break
        if id(u) in busy:
            continue
        u.change = DISSOLVED
        u.changed_on = random_date(rng, datetime.date(END_YEAR, 1, 2), datetime.date(END_YEAR, 11, 30))
        u.note = rng.choice(DISSOLVE_NOTES)
        busy.add(id(u))
        dissolved += 1


def _assign_ids_and_paths(units: list[PlannedUnit]) -> None:
    """Ids in plan order; paths as treebeard would have left them after the moves: every unit first got
    the next slot under its original parent, a moved unit was then appended after its new parent's
    last child, leaving a gap where it was (its old path, now only in its closed placement)."""
    for n, u in enumerate(units, start=1):
        u.id = n
    next_slot: dict[int, int] = {}
    roots = 0
    for u in units:  # parents come before children, so a parent's path is known
        original = u.old_parent if u.change == MOVED else u.parent
        if original is None:
            roots += 1
            u.path = path_step(roots)
            continue
        slot = next_slot[original.id] = next_slot.get(original.id, 0) + 1
        u.path = original.path + path_step(slot)
    for u in sorted((u for u in units if u.change == MOVED), key=lambda u: (u.changed_on, u.id)):
        u.old_path = u.path
        slot = next_slot[u.parent.id] = next_slot.get(u.parent.id, 0) + 1
        u.path = u.parent.path + path_step(slot)


def _plan_sizes(rng: random.Random, shape: Shape, units: list[PlannedUnit]) -> None:
    """Members per unit, exactly `shape.members` in all: a few staff at each union above the CĐCS,
    the rest over the CĐCS, log-normal by kind (a rural kindergarten has 15, a shoe factory 5,000)."""
    staff_total = 0
    for u in units:
        if u.level == ROOT:
            u.size = 10
        elif u.level == PROVINCIAL:
            u.size = 8
        elif u.level == UPPER:
            u.size = 3
        staff_total += u.size
    grassroots = [u for u in units if u.level == GRASSROOTS]
    left = shape.members - staff_total
    if left < len(grassroots):
        raise ValueError(
            f"{shape.members} members are too few: the unions above the CĐCS take {staff_total} and each of the "
            f"{len(grassroots)} CĐCS needs at least one")
    raw = [KINDS[u.profile].median * rng.lognormvariate(0, KINDS[u.profile].sigma) for u in grassroots]
    raw = [min(r, 40_000) for r in raw]
    minimum = max(1, min(5, left // max(len(grassroots), 1) // 3))
    for u, size in zip(grassroots, allocate(left, raw, minimum)):
        u.size = size


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------

# The fields of each row tuple, in order; `columns()` checks them against the model.
FIELDS = {
    Unit: ["id", "path", "depth", "numchild", "code", "name", "short_name", "unit_type_id", "parent_id", "sector",
           "address", "active_from", "active_until", "successor_id", "search_text", "created_at", "updated_at"],
    Placement: ["id", "unit_id", "parent_id", "path", "valid_from", "valid_until"],
    UnitEvent: ["id", "unit_id", "kind", "effective_on", "from_parent_id", "to_parent_id", "other_unit_id", "note",
                "recorded_by_id", "recorded_at"],
    UnitYearStats: ["id", "unit_id", "year", "members", "workers", "women"],
    Person: ["id", "full_name", "sex", "date_of_birth", "ethnicity_id", "citizen_id", "unit_id", "unit_path", "job_title",
             "category_id", "union_post", "works_on_emulation", "left_on", "left_reason", "search_text", "version",
             "created_at", "updated_at"],
    TrainingRecord: ["id", "person_id", "course", "organiser", "held_on", "attended", "created_at"],
}


class ModelChanged(Exception):
    pass


def columns(model) -> list[str]:
    """The table columns of `model`, in the order the row tuples use; fails if the model's concrete fields
    are no longer the ones the generator writes."""
    fields = model._meta.concrete_fields
    attnames = [f.attname for f in fields]
    if attnames != FIELDS[model]:
        raise ModelChanged(
            f"{model._meta.label} has fields {attnames}, the generator writes {FIELDS[model]}: update devtools/scale.py")
    return [f.column for f in fields]


class Catalogue:
    """Ids of the catalogue rows the generator points at (loaded by migration 0002)."""

    def __init__(self):
        self.types = dict(UnitType.objects.values_list("code", "id"))
        self.categories = dict(EmployeeCategory.objects.values_list("code", "id"))
        self.ethnicities = dict(Ethnicity.objects.values_list("name", "id"))
        wanted_types = {"tong-ldld", "ldld-tinh", "cd-nganh-tw", "ldld-huyen", "cd-nganh", "cd-vien-chuc", "cd-kcn",
                        "cd-xa-phuong", "cdcs", "nghiep-doan"}
        wanted_categories = {DIRECT, MANAGER, "lanh-dao-so", "lanh-dao-tinh", "quan-ly-doanh-nghiep"}
        wanted_ethnicities = {name for mix in ETHNIC_MIX.values() for name in mix}
        missing = ((wanted_types - set(self.types)) | (wanted_categories - set(self.categories))
                   | (wanted_ethnicities - set(self.ethnicities)))
        if missing:
            raise LookupError(f"catalogue entries missing: {sorted(missing)}")


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def unit_rows(plan: Plan, cat: Catalogue, stamp) -> Iterator[tuple]:
    numchild: dict[int, int] = {}
    for u in plan.units:
        if u.parent is not None:
            numchild[u.parent.id] = numchild.get(u.parent.id, 0) + 1
    for u in plan.units:
        search_text = search_text_of(f"{u.code} {u.name} {u.short_name}")
        yield (u.id, u.path, u.depth, numchild.get(u.id, 0), u.code, u.name, u.short_name, cat.types[u.type_code],
               u.parent.id if u.parent else None, u.sector, u.address, _date(u.active_from), _date(u.active_until),
               u.successor.id if u.successor else None, search_text, stamp, stamp)


def placement_rows(plan: Plan) -> Iterator[tuple]:
    """One open placement per unit with its current path; a moved unit first has its closed old one."""
    n = 0
    for u in plan.units:
        if u.change == MOVED:
            n += 1
            yield (n, u.id, u.old_parent.id, u.old_path, _date(u.active_from), _date(u.changed_on))
            n += 1
            yield (n, u.id, u.parent.id, u.path, _date(u.changed_on), None)
        else:
            n += 1
            yield (n, u.id, u.parent.id if u.parent else None, u.path, _date(u.active_from), None)


def event_rows(plan: Plan, stamp) -> Iterator[tuple]:
    """What units.services writes: 'created' for every unit, then the moves, merges (with the
    successor's 'received', counting the members it took over) and dissolutions."""
    n = 0
    for u in plan.units:
        n += 1
        original = u.old_parent if u.change == MOVED else u.parent
        yield (n, u.id, UnitEvent.Kind.CREATED.value, _date(u.active_from), None, original.id if original else None,
               None, "", None, stamp)
    for u in sorted((u for u in plan.units if u.change), key=lambda u: (u.changed_on, u.id)):
        day = _date(u.changed_on)
        if u.change == MOVED:
            n += 1
            yield (n, u.id, UnitEvent.Kind.MOVED.value, day, u.old_parent.id, u.parent.id, None, u.note, None, stamp)
        elif u.change == MERGED:
            n += 1
            yield (n, u.id, UnitEvent.Kind.MERGED.value, day, None, None, u.successor.id, u.note, None, stamp)
            n += 1
            note = gettext("%(count)s members transferred") % {"count": u.size}
            yield (n, u.successor.id, UnitEvent.Kind.RECEIVED.value, day, None, None, u.id, note, None, stamp)
        else:
            n += 1
            yield (n, u.id, UnitEvent.Kind.DISSOLVED.value, day, None, None, None, u.note, None, stamp)


def stats_rows(plan: Plan, women: list[int]) -> Iterator[tuple]:
    """Counts for 2024 and 2025 of every unit. A CĐCS reports its own members (those generated for it,
    so a merged unit counts the members it had before the merge); unions above sum the CĐCS below them
    in the current tree, as seed_demo does. 2024 is drawn a little off 2025."""
    rng = random.Random(f"{plan.seed}:stats")
    totals: dict[int, list[int]] = {}  # unit id -> [members, workers, women] per year, flattened
    own: dict[int, list[int]] = {}
    for u in plan.units:
        if u.level != GRASSROOTS:
            continue
        members, w = u.size, women[u.id]
        drift = rng.uniform(-0.05, 0.08)
        non_members = rng.uniform(0.02, 0.2)
        before = max(1, round(members / (1 + drift)))
        values = [before, before + round(before * non_members), min(before, round(w / (1 + drift))),
                  members, members + round(members * non_members), w]
        own[u.id] = values
        ancestor = u.parent
        while ancestor is not None:
            t = totals.setdefault(ancestor.id, [0] * 6)
            for i, v in enumerate(values):
                t[i] += v
            ancestor = ancestor.parent
    n = 0
    for u in plan.units:
        values = own.get(u.id) or totals.get(u.id) or [0] * 6
        for k, year in enumerate(YEARS):
            n += 1
            yield (n, u.id, year, values[3 * k], values[3 * k + 1], values[3 * k + 2])


# --- people ---------------------------------------------------------------------------------


class NamePool:
    """Every full name of one naming tradition and sex, with its folded form and cumulative weight."""

    __slots__ = ("names", "cum")

    def __init__(self, firsts, middles, lasts):
        names, weights = [], []
        for (a, wa), (b, wb), (c, wc) in itertools.product(firsts, middles, lasts):
            full = " ".join(p for p in (a, b, c) if p)
            # The search column depends on the name alone: derived once per name of the pool (110,000
            # in all), not once per person (11 million rows, which would double the loop's time).
            names.append((full, Person.derived_fields(full_name=full)["search_text"]))
            weights.append(wa * wb * wc)
        self.names = names
        self.cum = cumulative(weights)


def _name_pools() -> dict[str, tuple[NamePool, NamePool]]:
    pools = {}
    for tradition, parts in NAME_PARTS.items():
        male = NamePool(*parts.male)
        female_first = parts.female[0] if parts.female[0] is not None else parts.male[0]
        female = NamePool(female_first, parts.female[1], parts.female[2])
        pools[tradition] = (male, female)
    return pools


class PeopleContext:
    """Everything the person loop looks up, prepared once."""

    def __init__(self, plan: Plan, cat: Catalogue, stamp):
        self.stamp = stamp
        pools = _name_pools()
        self.mixes = {}
        for region, mix in ETHNIC_MIX.items():
            entries = [(cat.ethnicities[name], pools.get(name, pools["Kinh"])) for name in mix]
            self.mixes[region] = (cumulative(mix.values()), entries)
        self.categories = cat.categories
        self.staff = {key: (cumulative(w for _, w, _ in rows), [(t, cat.categories[c]) for t, _, c in rows])
                      for key, rows in STAFF.items()}
        # Birth years: members aged 18–60 in 2025, fewer at both ends.
        years = list(range(1965, 2008))
        self.birth_years = years
        self.birth_cum = cumulative(min(y - 1963, 2010 - y, 14) for y in years)
        self.leader_years = list(range(1966, 1990))
        self.dates = {y: [(datetime.date(y, 1, 1) + datetime.timedelta(days=d)).isoformat() for d in range(365)]
                      for y in range(1960, 2026)}
        # Citizen IDs: province code + sex/century digit + 2-digit year + 6 digits, unique because the
        # last 6 digits are a bijection (x -> x*A+B mod 10^6, A odd and not a multiple of 5) of a counter
        # kept per (code, digit, year) prefix.
        self.id_counters: dict[str, int] = {}
        self.all_codes = ALL_CODES


CITIZEN_MULTIPLIER = 738_919  # odd, not divisible by 5: invertible modulo 10**6


def citizen_id(ctx: PeopleContext, code: str, female: bool, year: int) -> str:
    digit = (0 if year < 2000 else 2) + (1 if female else 0)
    prefix = f"{code}{digit}{year % 100:02d}"
    n = ctx.id_counters.get(prefix, 0)
    if n >= 10**6:
        raise OverflowError(f"citizen ID prefix {prefix} is full")
    ctx.id_counters[prefix] = n + 1
    offset = (int(prefix) * 7_919) % 10**6
    return f"{prefix}{(n * CITIZEN_MULTIPLIER + offset) % 10**6:06d}"


def person_rows(plan: Plan, ctx: PeopleContext, women: list[int], trainings: list[tuple]) -> Iterator[tuple]:
    """Every person, in unit order, as row tuples (streamed). Fills `women` (per unit id, of the people
    generated for it) and `trainings` (training records of emulation staff; a few per cent of rows)."""
    rng = random.Random(f"{plan.seed}:people")
    random_ = rng.random
    left_random = random.Random(f"{plan.seed}:left").random  # its own stream: the people drawn stay the same
    stamp = ctx.stamp
    pid = 0
    dates = ctx.dates
    birth_years, birth_cum = ctx.birth_years, ctx.birth_cum
    id_share = CITIZEN_ID_SHARE
    provincial_names = {}

    def organiser_for(u: PlannedUnit) -> str:
        top = u
        while top.parent is not None and top.level > PROVINCIAL:
            top = top.parent
        return provincial_names.setdefault(top.id, top.name)

    def train(person_id: int, u: PlannedUnit) -> None:
        if random_() >= TRAINED_SHARE:
            return
        for course, day, national in sorted(rng.sample(COURSES, rng.choice((1, 1, 2, 2, 3))), key=lambda c: c[1]):
            organiser = TLD_NAME if national or u.level == ROOT else organiser_for(u)
            trainings.append((person_id, course, organiser, day.isoformat(), random_() > 0.08))

    def draw_citizen_id(codes, female: bool, year: int) -> str | None:
        """60% have one; most were born in the unit's province, some anywhere."""
        if random_() >= id_share:
            return None
        pick = codes if random_() < 0.85 else all_codes
        return citizen_id(ctx, pick[int(random_() * len(pick))], female, year)

    all_codes = ctx.all_codes
    leader_years = ctx.leader_years
    for u in plan.units:
        home = u.home
        eth_cum, eth_entries = ctx.mixes[home.region]
        codes = home.codes
        home_unit = u.successor if u.change == MERGED else u
        unit_id, unit_path = home_unit.id, Person.derived_fields(unit=home_unit)["unit_path"]
        # Members still in a dissolved union left with it (as units.services.unit_dissolve records).
        ended = (u.changed_on.isoformat(), "dissolved") if u.change == DISSOLVED else None
        n = u.size
        women_here = 0
        if u.level != GRASSROOTS:
            # The union's own officers: chair, vice-chair(s), emulation staff.
            for title, category, post, emulation, leader in _officer_titles(u, n):
                female = random_() < 0.45
                women_here += female
                eth_id, pools = eth_entries[bisect(eth_cum, random_())]
                pool = pools[1] if female else pools[0]
                name, folded = pool.names[bisect(pool.cum, random_())]
                year = rng.choice(leader_years) if leader else birth_years[bisect(birth_cum, random_())]
                dob = dates[year][int(random_() * 365)]
                pid += 1
                yield (pid, name, "F" if female else "M", dob, eth_id, draw_citizen_id(codes, female, year), unit_id,
                       unit_path, title, ctx.categories[category], post, emulation, *(ended or (None, "")), folded,
                       1, stamp, stamp)
                if emulation:
                    train(pid, u)
            women[u.id] = women_here
            continue

        kind = KINDS[u.profile]
        head, deputy, head_category = kind.head
        head_category_id = ctx.categories[head_category]
        staff_cum, staff_titles = ctx.staff[kind.staff]
        ws = u.women_share
        # Union posts: the head of the organisation is usually a plain member, the deputy chairs the CĐCS.
        committee = 1 if n < 15 else 2 if n < 40 else min(3 + n // 200, 15)
        posts = [MEMBER, CHAIR, VICE_CHAIR] + [COMMITTEE] * committee
        posts += [GROUP_LEADER] * min(n // 25, 300)
        n_posts = len(posts)
        vice = 2 if n > 2 else (n - 1)
        emulation_at = vice if u.emulation else -1
        for i in range(n):
            female = random_() < ws
            eth_id, pools = eth_entries[bisect(eth_cum, random_())]
            pool = pools[1] if female else pools[0]
            name, folded = pool.names[bisect(pool.cum, random_())]
            if i == 0:
                title, category_id = head, head_category_id
                year = leader_years[int(random_() * len(leader_years))]
            elif i == 1 and n >= 6:
                title, category_id = deputy, head_category_id
                year = leader_years[int(random_() * len(leader_years))]
            else:
                title, category_id = staff_titles[bisect(staff_cum, random_())]
                year = birth_years[bisect(birth_cum, random_())]
            dob = dates[year][int(random_() * 365)]
            pid += 1
            women_here += female
            emulation = i == emulation_at
            post = posts[i] if i < n_posts else MEMBER
            left_on, left_reason = ended or (None, "")
            if not ended and post == MEMBER and i > 1 and left_random() < LEFT_SHARE:
                left_on = dates[LEFT_YEARS[int(left_random() * 3)]][int(left_random() * 365)]
                left_reason = LEFT_REASONS[int(left_random() * len(LEFT_REASONS))]
            yield (pid, name, "F" if female else "M", dob, eth_id, draw_citizen_id(codes, female, year), unit_id,
                   unit_path, title, category_id, post, emulation, left_on, left_reason, folded, 1, stamp, stamp)
            if emulation:
                train(pid, u)
        women[u.id] = women_here


def _officer_titles(u: PlannedUnit, n: int) -> list[tuple[str, str, str, bool, bool]]:
    """(job title, category, union post, works on emulation, leader) of the n officers of a union above the CĐCS."""
    if u.level == ROOT:
        rows = [("Chủ tịch Tổng Liên đoàn Lao động Việt Nam", "lanh-dao-tinh", "Chủ tịch", False, True),
                ("Phó Chủ tịch Tổng Liên đoàn Lao động Việt Nam", "lanh-dao-tinh", "Phó Chủ tịch", False, True),
                ("Phó Chủ tịch Tổng Liên đoàn Lao động Việt Nam", "lanh-dao-tinh", "Phó Chủ tịch", False, True),
                ("Trưởng Ban Tuyên giáo", MANAGER, "Ủy viên Ban Chấp hành", True, True),
                ("Phó Trưởng Ban Tuyên giáo", MANAGER, MEMBER, True, True)]
        rest = ("Chuyên viên Ban Tuyên giáo", DIRECT, MEMBER, True, False)
    elif u.level == PROVINCIAL:
        rows = [(f"Chủ tịch {u.short_name}", "lanh-dao-tinh", "Chủ tịch", False, True),
                (f"Phó Chủ tịch {u.short_name}", "lanh-dao-tinh", "Phó Chủ tịch", False, True),
                ("Trưởng Ban Chính sách – Pháp luật", MANAGER, "Ủy viên Ban Thường vụ", True, True),
                ("Phó Trưởng Ban Chính sách – Pháp luật", MANAGER, MEMBER, True, True)]
        rest = ("Chuyên viên Ban Chính sách – Pháp luật", DIRECT, MEMBER, True, False)
    else:
        name = u.short_name or u.name
        rows = [(f"Chủ tịch {name}", MANAGER, "Chủ tịch", False, True),
                (EMULATION_OFFICER, DIRECT, MEMBER, True, False)]
        rest = ("Chuyên viên", DIRECT, MEMBER, False, False)
    rows = rows[:n]
    rows += [rest] * (n - len(rows))
    return rows


# --------------------------------------------------------------------------------------------
# Writing: COPY on PostgreSQL, executemany elsewhere
# --------------------------------------------------------------------------------------------

BATCH = 5_000


def write_rows(model, rows: Iterable[tuple], progress: Callable[[int], None] | None = None,
               every: int = 1_000_000, freeze: bool = False) -> int:
    """Stream `rows` into the table of `model`; returns the number of rows."""
    table = model._meta.db_table
    cols = columns(model)
    count = 0
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
        options = " WITH (FREEZE)" if freeze else ""
        sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN{options}"
        with connection.cursor() as cursor:
            # Django's cursor wraps psycopg's; its .connection is the psycopg connection, in the same transaction.
            with cursor.connection.cursor() as raw, raw.copy(sql) as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
                    count += 1
                    if progress and count % every == 0:
                        progress(count)
        return count
    sql = (f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(connection.ops.quote_name(c) for c in cols)}) "
           f"VALUES ({', '.join(['%s'] * len(cols))})")
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch.clear()
                if progress and count % every < BATCH:
                    progress(count)
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def related_tables() -> list:
    """The generated models and every model that points at them (directly or through others):
    what `TRUNCATE units_unit … CASCADE` empties."""
    seen, queue = [], list(GENERATED_MODELS)
    while queue:
        model = queue.pop(0)
        model = model._meta.concrete_model
        if model in seen or not model._meta.managed:
            continue
        seen.append(model)
        # A many-to-many of a model pointing at the units (a campaign's unit types) empties with it.
        queue += [field.remote_field.through for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created]
        for rel in model._meta.related_objects:
            queue.append(rel.through if rel.many_to_many and rel.through else rel.related_model)
    return seen


def non_empty_tables(models) -> list[str]:
    return [m._meta.db_table for m in models if m._default_manager.using(connection.alias).exists()]


def empty_tables(models) -> None:
    """Remove every row of `models` (which must be closed under FK references)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(qn(m._meta.db_table) for m in models)} CASCADE")
        else:
            # SQLite checks the (deferred) foreign keys at commit, when every table is empty.
            for m in models:
                cursor.execute(f"DELETE FROM {qn(m._meta.db_table)}")


@dataclass
class Deferred:
    """Indexes and constraints dropped for the load, to be recreated exactly as they were."""

    indexes: list[tuple[str, str]]  # (name, CREATE INDEX statement)
    constraints: list[tuple[str, str, str, str]]  # (table, name, type, definition)


def drop_indexes(models) -> Deferred:
    """PostgreSQL: drop the secondary indexes, unique and foreign-key constraints of the tables (keeping
    primary keys and checks). Their definitions are read from the catalogue (pg_indexes,
    pg_get_constraintdef), so the schema ends exactly as the migrations made it."""
    tables = [m._meta.db_table for m in models]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
               FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
               WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace AND c.contype IN ('f', 'u')
               ORDER BY c.contype DESC, t.relname, c.conname""",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.'
                                 || quote_ident(i.indexname))::regclass AND c.contype IN ('p', 'u', 'x'))
               ORDER BY i.tablename, i.indexname""",
            [tables],
        )
        indexes = cursor.fetchall()
        # Foreign keys first (contype 'f' sorts after 'u', hence DESC), then unique constraints, then indexes.
        for table, name, _type, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    return Deferred(indexes, constraints)


def recreate_indexes(deferred: Deferred, log: Callable[[str], None] | None = None) -> None:
    """Unique constraints and indexes first, foreign keys last (they validate with one join each)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        ordered = sorted(deferred.constraints, key=lambda c: c[2] == "f")
        for table, name, _type, definition in [c for c in ordered if c[2] == "u"]:
            started = time.monotonic()
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")
            if log:
                log(f"{name}: {time.monotonic() - started:.1f} s")
        for name, definition in deferred.indexes:
            started = time.monotonic()
            cursor.execute(definition)
            if log:
                log(f"{name}: {time.monotonic() - started:.1f} s")
        for table, name, _type, definition in [c for c in ordered if c[2] == "f"]:
            started = time.monotonic()
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")
            if log:
                log(f"{name}: {time.monotonic() - started:.1f} s")


def reset_sequences(models) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def timestamp_value():
    """GENERATED_AT as the backend stores it (SQLite keeps naive UTC text)."""
    value = connection.ops.adapt_datetimefield_value(GENERATED_AT)
    return value.isoformat(" ") if isinstance(value, datetime.datetime) else value

