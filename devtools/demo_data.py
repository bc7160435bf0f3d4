"""Demo data for `manage.py seed_demo`: the union tree of the seed plan, names and job titles.

Everything here is plain data; the command turns it into units, people and accounts.
Place names are the communes, wards and towns of Điện Biên as they stood in 2020–2024;
the people are invented.
"""

import datetime
from typing import NamedTuple

from units.access import Role
from units.models import Sector

SEED = 20260701
PASSWORD = "demo@2026"
YEARS = (2024, 2025, 2026)
PROVINCE = "tỉnh Điện Biên"


class Cs(NamedTuple):
    """A grassroots union (CĐCS). `where` is a place of the district, or a district code for province-level units."""

    name: str
    profile: str
    sector: str | None = None
    where: str | None = None


class District(NamedTuple):
    code: str
    short: str  # used in the codes of its CĐCS: CDCS-TG-001
    area: str  # "huyện Tuần Giáo"
    founded: datetime.date
    places: dict[str, str]  # place name -> "phường" / "xã" / "thị trấn"; the first is the seat
    schools: list[tuple[str, str]]  # (level, place)
    communes: list[str]  # places whose People's Committee has its own CĐCS
    firms: list[Cs]


ROOT = {
    "code": "LDLD-DB",
    "name": "Liên đoàn Lao động tỉnh Điện Biên",
    "short_name": "LĐLĐ tỉnh Điện Biên",
    "type": "ldld-tinh",
    "address": "Phường Mường Thanh, thành phố Điện Biên Phủ, tỉnh Điện Biên",
    "active_from": datetime.date(2004, 1, 1),
}

S = Sector
DISTRICTS = [
    District(
        "TP-DBP", "DBP", "thành phố Điện Biên Phủ", datetime.date(2004, 1, 1),
        {"Mường Thanh": "phường", "Him Lam": "phường", "Tân Thanh": "phường", "Thanh Bình": "phường",
         "Thanh Trường": "phường", "Nam Thanh": "phường", "Noong Bua": "phường", "Thanh Minh": "xã"},
        [("Tiểu học", "Him Lam"), ("Mầm non", "Him Lam"), ("THCS", "Mường Thanh"), ("Tiểu học", "Tân Thanh"),
         ("Mầm non", "Thanh Bình"), ("THCS", "Thanh Trường"), ("Tiểu học", "Nam Thanh"), ("Mầm non", "Noong Bua"),
         ("Tiểu học và THCS", "Thanh Minh")],
        ["Him Lam", "Noong Bua", "Thanh Minh"],
        [Cs("Công ty CP Tư vấn Xây dựng Him Lam", "construction", S.PRIVATE_ENTERPRISE, "Him Lam"),
         Cs("Công ty TNHH Thương mại Hoàng Long", "trade", S.PRIVATE_ENTERPRISE, "Tân Thanh"),
         Cs("Công ty CP Du lịch Điện Biên Phủ", "trade", S.PRIVATE_ENTERPRISE, "Mường Thanh"),
         Cs("Chi nhánh Công ty CP Vận tải Tây Bắc tại Điện Biên", "trade", S.PRIVATE_ENTERPRISE, "Thanh Trường")],
    ),
    District(
        "TX-ML", "ML", "thị xã Mường Lay", datetime.date(2004, 1, 1),
        {"Na Lay": "phường", "Sông Đà": "phường", "Lay Nưa": "xã"},
        [("Mầm non", "Na Lay"), ("Tiểu học", "Sông Đà"), ("THCS", "Lay Nưa")],
        ["Na Lay", "Lay Nưa"],
        [Cs("Công ty TNHH Vận tải thủy Sông Đà", "trade", S.PRIVATE_ENTERPRISE, "Sông Đà")],
    ),
    District(
        "H-DB", "DB", "huyện Điện Biên", datetime.date(2004, 1, 1),
        {"Thanh Xương": "xã", "Thanh An": "xã", "Thanh Chăn": "xã", "Noong Luống": "xã", "Mường Phăng": "xã",
         "Nà Tấu": "xã", "Mường Nhà": "xã", "Pá Khoang": "xã", "Sam Mứn": "xã", "Núa Ngam": "xã"},
        [("Mầm non", "Thanh Xương"), ("Tiểu học", "Thanh An"), ("THCS", "Thanh Chăn"), ("Tiểu học", "Noong Luống"),
         ("PTDTBT Tiểu học", "Mường Phăng"), ("THCS", "Nà Tấu"), ("PTDTBT THCS", "Mường Nhà"), ("Mầm non", "Pá Khoang"),
         ("Tiểu học", "Sam Mứn"), ("THCS", "Núa Ngam")],
        ["Thanh Xương", "Mường Phăng", "Núa Ngam"],
        [Cs("Công ty CP Xây dựng Thanh Xương", "construction", S.PRIVATE_ENTERPRISE, "Thanh Xương"),
         Cs("Công ty CP Gạo Điện Biên", "farm", S.PRIVATE_ENTERPRISE, "Thanh An"),
         Cs("Công ty TNHH Nông sản Việt – Hàn Điện Biên", "farm", S.FOREIGN_INVESTED, "Noong Luống")],
    ),
    District(
        "H-DBD", "DBD", "huyện Điện Biên Đông", datetime.date(2004, 1, 1),
        {"Điện Biên Đông": "thị trấn", "Na Son": "xã", "Keo Lôm": "xã", "Luân Giói": "xã", "Phì Nhừ": "xã",
         "Mường Luân": "xã", "Xa Dung": "xã", "Chiềng Sơ": "xã"},
        [("Mầm non", "Điện Biên Đông"), ("Tiểu học", "Na Son"), ("PTDTBT THCS", "Keo Lôm"), ("Tiểu học", "Luân Giói"),
         ("PTDTBT Tiểu học", "Phì Nhừ"), ("THCS", "Mường Luân"), ("Mầm non", "Xa Dung"), ("PTDTBT THCS", "Chiềng Sơ")],
        ["Na Son", "Mường Luân"],
        [Cs("Công ty TNHH Xây dựng Na Son", "construction", S.PRIVATE_ENTERPRISE, "Na Son")],
    ),
    District(
        "H-MA", "MA", "huyện Mường Ảng", datetime.date(2007, 6, 1),
        {"Mường Ảng": "thị trấn", "Búng Lao": "xã", "Ẳng Nưa": "xã", "Ẳng Cang": "xã", "Ẳng Tở": "xã",
         "Xuân Lao": "xã", "Mường Lạn": "xã", "Nặm Lịch": "xã"},
        [("Tiểu học", "Mường Ảng"), ("Tiểu học", "Búng Lao"), ("Tiểu học số 2", "Búng Lao"), ("Mầm non", "Ẳng Nưa"),
         ("THCS", "Ẳng Cang"), ("Tiểu học", "Ẳng Tở"), ("PTDTBT THCS", "Xuân Lao"), ("Mầm non", "Mường Lạn"),
         ("PTDTBT Tiểu học", "Nặm Lịch")],
        ["Mường Ảng", "Búng Lao"],
        [Cs("Công ty CP Cà phê Mường Ảng", "farm", S.PRIVATE_ENTERPRISE, "Ẳng Cang"),
         Cs("Chi nhánh Công ty TNHH Cà phê Việt – Thái tại Mường Ảng", "farm", S.FOREIGN_INVESTED, "Búng Lao")],
    ),
    District(
        "H-MC", "MC", "huyện Mường Chà", datetime.date(2004, 1, 1),
        {"Mường Chà": "thị trấn", "Sa Lông": "xã", "Huổi Lèng": "xã", "Ma Thì Hồ": "xã", "Mường Tùng": "xã",
         "Pa Ham": "xã", "Hừa Ngài": "xã", "Na Sang": "xã"},
        [("Mầm non", "Mường Chà"), ("THCS", "Mường Chà"), ("PTDTBT Tiểu học", "Sa Lông"), ("Tiểu học", "Huổi Lèng"),
         ("PTDTBT THCS", "Ma Thì Hồ"), ("Tiểu học", "Mường Tùng"), ("Mầm non", "Pa Ham"), ("PTDTBT Tiểu học", "Hừa Ngài")],
        ["Mường Chà", "Na Sang"],
        [Cs("Công ty TNHH Lâm sản Mường Chà", "farm", S.PRIVATE_ENTERPRISE, "Mường Chà")],
    ),
    District(
        "H-MN", "MN", "huyện Mường Nhé", datetime.date(2004, 1, 1),
        {"Mường Nhé": "xã", "Chung Chải": "xã", "Sín Thầu": "xã", "Leng Su Sìn": "xã", "Sen Thượng": "xã",
         "Mường Toong": "xã", "Nậm Kè": "xã", "Quảng Lâm": "xã"},
        [("Mầm non", "Mường Nhé"), ("Tiểu học", "Mường Nhé"), ("PTDTBT THCS", "Chung Chải"), ("PTDTBT Tiểu học", "Sín Thầu"),
         ("PTDTBT Tiểu học", "Leng Su Sìn"), ("PTDTBT THCS", "Sen Thượng"), ("Tiểu học", "Mường Toong"), ("Mầm non", "Nậm Kè"),
         ("PTDTBT THCS", "Quảng Lâm")],
        ["Mường Nhé", "Chung Chải"],
        [Cs("Công ty TNHH Xây dựng Mường Nhé", "construction", S.PRIVATE_ENTERPRISE, "Mường Nhé")],
    ),
    District(
        "H-NP", "NP", "huyện Nậm Pồ", datetime.date(2013, 1, 1),
        {"Nà Hỳ": "xã", "Si Pa Phìn": "xã", "Chà Cang": "xã", "Nà Khoa": "xã", "Nà Bủng": "xã", "Chà Nưa": "xã",
         "Phìn Hồ": "xã", "Vàng Đán": "xã"},
        [("Mầm non", "Nà Hỳ"), ("THCS", "Nà Hỳ"), ("PTDTBT Tiểu học", "Si Pa Phìn"), ("PTDTBT THCS", "Chà Cang"),
         ("Tiểu học", "Nà Khoa"), ("PTDTBT Tiểu học", "Nà Bủng"), ("Mầm non", "Chà Nưa"), ("PTDTBT THCS", "Phìn Hồ"),
         ("PTDTBT Tiểu học", "Vàng Đán")],
        ["Nà Hỳ", "Si Pa Phìn", "Chà Cang"],
        [Cs("Công ty TNHH Xây dựng Nà Hỳ", "construction", S.PRIVATE_ENTERPRISE, "Nà Hỳ")],
    ),
    District(
        "H-TC", "TC", "huyện Tủa Chùa", datetime.date(2004, 1, 1),
        {"Tủa Chùa": "thị trấn", "Tủa Thàng": "xã", "Sính Phình": "xã", "Mường Báng": "xã", "Mường Đun": "xã",
         "Xá Nhè": "xã", "Huổi Só": "xã", "Lao Xả Phình": "xã"},
        [("Mầm non", "Tủa Chùa"), ("Tiểu học", "Tủa Chùa"), ("PTDTBT THCS", "Tủa Thàng"), ("PTDTBT Tiểu học", "Sính Phình"),
         ("THCS", "Mường Báng"), ("PTDTBT Tiểu học", "Mường Đun"), ("Mầm non", "Xá Nhè"), ("PTDTBT THCS", "Huổi Só"),
         ("PTDTBT Tiểu học", "Lao Xả Phình")],
        ["Tủa Chùa", "Tủa Thàng"],
        [Cs("Công ty CP Chè Shan tuyết Tủa Chùa", "farm", S.PRIVATE_ENTERPRISE, "Sính Phình")],
    ),
    District(
        "H-TG", "TG", "huyện Tuần Giáo", datetime.date(2004, 1, 1),
        {"Tuần Giáo": "thị trấn", "Quài Tở": "xã", "Quài Nưa": "xã", "Quài Cang": "xã", "Chiềng Sinh": "xã",
         "Mường Mùn": "xã", "Pú Nhung": "xã", "Tỏa Tình": "xã", "Mường Thín": "xã"},
        [("Mầm non", "Tuần Giáo"), ("Tiểu học", "Tuần Giáo"), ("THCS", "Quài Tở"), ("Tiểu học", "Quài Nưa"),
         ("Mầm non", "Quài Cang"), ("THCS", "Chiềng Sinh"), ("PTDTBT Tiểu học", "Mường Mùn"), ("PTDTBT THCS", "Pú Nhung"),
         ("PTDTBT Tiểu học", "Tỏa Tình"), ("Tiểu học", "Mường Thín")],
        ["Tuần Giáo", "Quài Tở", "Chiềng Sinh"],
        [Cs("Công ty CP Xây dựng Tuần Giáo", "construction", S.PRIVATE_ENTERPRISE, "Tuần Giáo"),
         Cs("Chi nhánh Công ty CP Cao su Điện Biên tại Tuần Giáo", "farm", S.STATE_ENTERPRISE, "Quài Tở")],
    ),
]

# (code, short, name, short name, unit type, founded, CĐCS)
SECTOR_UNIONS = [
    ("CDN-YT", "YT", "Công đoàn ngành Y tế", "CĐ ngành Y tế", "cd-nganh", datetime.date(2004, 3, 1), [
        Cs("Cơ quan Sở Y tế", "office"),
        Cs("Bệnh viện Đa khoa tỉnh Điện Biên", "hospital"),
        Cs("Bệnh viện Y học cổ truyền tỉnh Điện Biên", "hospital"),
        Cs("Bệnh viện Phổi tỉnh Điện Biên", "hospital"),
        Cs("Bệnh viện Tâm thần tỉnh Điện Biên", "hospital"),
        Cs("Bệnh viện Sản Nhi tỉnh Điện Biên", "hospital"),
        Cs("Trung tâm Kiểm soát bệnh tật tỉnh Điện Biên", "health_centre"),
        Cs("Trường Cao đẳng Y tế Điện Biên", "college"),
        *[Cs(f"Trung tâm Y tế {d.area}", "health_centre", where=d.code) for d in DISTRICTS],
    ]),
    ("CDN-GD", "GD", "Công đoàn ngành Giáo dục", "CĐ ngành Giáo dục", "cd-nganh", datetime.date(2004, 3, 1), [
        Cs("Cơ quan Sở Giáo dục và Đào tạo", "office"),
        Cs("Trường THPT Chuyên Lê Quý Đôn", "high_school"),
        Cs("Trường THPT Phan Đình Giót", "high_school"),
        Cs("Trường THPT Thành phố Điện Biên Phủ", "high_school"),
        Cs("Trường Phổ thông Dân tộc nội trú tỉnh Điện Biên", "high_school"),
        Cs("Trường THPT Thị xã Mường Lay", "high_school", where="TX-ML"),
        Cs("Trường THPT Thanh Chăn", "high_school", where="H-DB"),
        Cs("Trường THPT Nà Tấu", "high_school", where="H-DB"),
        Cs("Trường THPT Trần Can", "high_school", where="H-DBD"),
        Cs("Trường THPT Mường Luân", "high_school", where="H-DBD"),
        Cs("Trường THPT Mường Ảng", "high_school", where="H-MA"),
        Cs("Trường THPT Mường Chà", "high_school", where="H-MC"),
        Cs("Trường THPT Mường Nhé", "high_school", where="H-MN"),
        Cs("Trường THPT Nậm Pồ", "high_school", where="H-NP"),
        Cs("Trường THPT Tủa Chùa", "high_school", where="H-TC"),
        Cs("Trường THPT Tuần Giáo", "high_school", where="H-TG"),
        Cs("Trường Cao đẳng Sư phạm Điện Biên", "college"),
    ]),
    ("CDVC", "VC", "Công đoàn Viên chức tỉnh", "CĐ Viên chức tỉnh", "cd-vien-chuc", datetime.date(2008, 7, 1), [
        Cs("Văn phòng UBND tỉnh", "office"),
        Cs("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "office"),
        Cs("Sở Tài chính", "office"),
        Cs("Sở Kế hoạch và Đầu tư", "office"),
        Cs("Sở Nội vụ", "office"),
        Cs("Sở Tư pháp", "office"),
        Cs("Sở Xây dựng", "office"),
        Cs("Sở Công Thương", "office"),
        Cs("Sở Nông nghiệp và Phát triển nông thôn", "office"),
        Cs("Sở Tài nguyên và Môi trường", "office"),
        Cs("Sở Giao thông vận tải", "office"),
        Cs("Sở Văn hóa, Thể thao và Du lịch", "office"),
        Cs("Sở Lao động – Thương binh và Xã hội", "office"),
        Cs("Sở Thông tin và Truyền thông", "office"),
        Cs("Sở Khoa học và Công nghệ", "office"),
        Cs("Thanh tra tỉnh", "office"),
        Cs("Ban Dân tộc tỉnh", "office"),
        Cs("Đài Phát thanh và Truyền hình Điện Biên", "media"),
        Cs("Trung tâm Dịch vụ việc làm tỉnh Điện Biên", "office", S.PUBLIC_SERVICE),
    ]),
]

# CĐCS directly under the LĐLĐ tỉnh.
DIRECT = [
    Cs("Công ty Điện lực Điện Biên", "power", S.STATE_ENTERPRISE),
    Cs("Công ty CP Cấp nước Điện Biên", "water", S.STATE_ENTERPRISE),
    Cs("Công ty TNHH MTV Quản lý thủy nông Điện Biên", "water", S.STATE_ENTERPRISE),
    Cs("Công ty TNHH MTV Xổ số kiến thiết Điện Biên", "trade", S.STATE_ENTERPRISE),
    Cs("Công ty Xăng dầu Điện Biên", "trade", S.STATE_ENTERPRISE),
    Cs("Ngân hàng Nông nghiệp và Phát triển nông thôn Chi nhánh tỉnh Điện Biên", "bank", S.STATE_ENTERPRISE),
    Cs("Ngân hàng TMCP Công thương Chi nhánh Điện Biên", "bank", S.STATE_ENTERPRISE),
    Cs("Ngân hàng Chính sách xã hội Chi nhánh tỉnh Điện Biên", "bank", S.STATE_ENTERPRISE),
    Cs("Bưu điện tỉnh Điện Biên", "service", S.STATE_ENTERPRISE),
    Cs("Viễn thông Điện Biên", "service", S.STATE_ENTERPRISE),
    Cs("Chi nhánh Viettel Điện Biên", "service", S.STATE_ENTERPRISE),
    Cs("Công ty CP Sách và Thiết bị trường học Điện Biên", "trade", S.PRIVATE_ENTERPRISE),
    Cs("Công ty TNHH May mặc Sunrise Điện Biên", "garment", S.FOREIGN_INVESTED),
]

# History, so that "the tree as of a date" shows something. Units are named as in the plan (with "Công đoàn").
MOVES = [
    ("Công đoàn Công ty CP Xây dựng Thanh Xương", "TP-DBP", datetime.date(2023, 4, 1),
     "Doanh nghiệp chuyển trụ sở về thành phố Điện Biên Phủ"),
]
MERGES = [
    ("Công đoàn Trường Tiểu học số 2 Búng Lao", "Công đoàn Trường Tiểu học Búng Lao", datetime.date(2024, 8, 1),
     "Sáp nhập trường theo phương án sắp xếp mạng lưới trường, lớp năm học 2024–2025"),
]
DISSOLUTIONS = [
    ("Công đoàn Công ty TNHH Thương mại Hoàng Long", datetime.date(2025, 3, 1), "Doanh nghiệp giải thể, chấm dứt hoạt động"),
]


class Profile(NamedTuple):
    """What a kind of CĐCS looks like: its size, share of women, heads and staff (title: weight)."""

    sector: str
    members: tuple[int, int]
    women: tuple[float, float]
    head: str
    deputy: str
    head_category: str
    staff: dict[str, int]


PROFILES = {
    "school": Profile(S.PUBLIC_SERVICE, (14, 60), (0.6, 0.8), "Hiệu trưởng", "Phó Hiệu trưởng", "lanh-dao-khac",
                      {"Giáo viên": 24, "Nhân viên kế toán": 1, "Nhân viên văn thư": 1, "Nhân viên y tế học đường": 1,
                       "Nhân viên nấu ăn": 2, "Bảo vệ": 1}),
    "high_school": Profile(S.PUBLIC_SERVICE, (45, 95), (0.55, 0.7), "Hiệu trưởng", "Phó Hiệu trưởng", "lanh-dao-khac",
                           {"Giáo viên": 24, "Tổ trưởng chuyên môn": 2, "Nhân viên kế toán": 1, "Nhân viên thư viện": 1,
                            "Nhân viên thiết bị": 1, "Bảo vệ": 1}),
    "college": Profile(S.PUBLIC_SERVICE, (70, 180), (0.55, 0.7), "Hiệu trưởng", "Phó Hiệu trưởng", "lanh-dao-khac",
                       {"Giảng viên": 16, "Giảng viên chính": 3, "Trưởng khoa": 1, "Trưởng phòng": 1, "Chuyên viên": 3,
                        "Kế toán": 1}),
    "hospital": Profile(S.PUBLIC_SERVICE, (120, 400), (0.55, 0.7), "Giám đốc", "Phó Giám đốc", "lanh-dao-khac",
                        {"Bác sĩ": 6, "Điều dưỡng": 10, "Hộ sinh": 2, "Kỹ thuật viên xét nghiệm": 2, "Dược sĩ": 1,
                         "Trưởng khoa": 1, "Điều dưỡng trưởng": 1, "Kế toán": 1, "Hộ lý": 2}),
    "health_centre": Profile(S.PUBLIC_SERVICE, (70, 220), (0.55, 0.7), "Giám đốc", "Phó Giám đốc", "lanh-dao-khac",
                             {"Bác sĩ": 5, "Y sĩ": 4, "Điều dưỡng": 7, "Hộ sinh": 3, "Kỹ thuật viên xét nghiệm": 1,
                              "Dược sĩ": 1, "Trưởng khoa": 1, "Kế toán": 1}),
    "office": Profile(S.ADMINISTRATIVE, (20, 85), (0.35, 0.55), "Giám đốc", "Phó Giám đốc", "lanh-dao-so",
                      {"Chuyên viên": 10, "Chuyên viên chính": 3, "Trưởng phòng": 1, "Phó Trưởng phòng": 2, "Kế toán": 1,
                       "Văn thư": 1, "Lái xe": 1}),
    "district_office": Profile(S.ADMINISTRATIVE, (40, 90), (0.35, 0.5), "Chủ tịch UBND", "Phó Chủ tịch UBND",
                               "lanh-dao-khac",
                               {"Chuyên viên": 10, "Trưởng phòng": 2, "Phó Trưởng phòng": 2, "Kế toán": 1, "Văn thư": 1,
                                "Lái xe": 1}),
    "commune": Profile(S.ADMINISTRATIVE, (14, 28), (0.3, 0.45), "Chủ tịch UBND", "Phó Chủ tịch UBND", "lanh-dao-khac",
                       {"Công chức Văn phòng – Thống kê": 2, "Công chức Địa chính – Xây dựng": 2,
                        "Công chức Tư pháp – Hộ tịch": 1, "Công chức Tài chính – Kế toán": 1,
                        "Công chức Văn hóa – Xã hội": 2, "Chỉ huy trưởng Quân sự": 1}),
    "media": Profile(S.PUBLIC_SERVICE, (60, 110), (0.4, 0.55), "Giám đốc", "Phó Giám đốc", "lanh-dao-khac",
                     {"Phóng viên": 6, "Biên tập viên": 4, "Kỹ thuật viên": 3, "Phát thanh viên": 1, "Trưởng phòng": 1,
                      "Kế toán": 1}),
    "power": Profile(S.STATE_ENTERPRISE, (220, 400), (0.15, 0.25), "Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep",
                     {"Công nhân vận hành": 8, "Công nhân quản lý đường dây": 6, "Kỹ sư điện": 3,
                      "Nhân viên kinh doanh điện năng": 3, "Tổ trưởng sản xuất": 1, "Trưởng phòng": 1, "Kế toán": 1}),
    "water": Profile(S.STATE_ENTERPRISE, (60, 160), (0.2, 0.35), "Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep",
                     {"Công nhân vận hành": 8, "Công nhân lắp đặt đường ống": 4, "Kỹ sư": 2, "Tổ trưởng sản xuất": 1,
                      "Nhân viên ghi thu": 2, "Kế toán": 1}),
    "bank": Profile(S.STATE_ENTERPRISE, (40, 130), (0.5, 0.65), "Giám đốc chi nhánh", "Phó Giám đốc chi nhánh",
                    "quan-ly-doanh-nghiep",
                    {"Giao dịch viên": 6, "Cán bộ tín dụng": 6, "Kiểm soát viên": 2, "Trưởng phòng": 1, "Kế toán": 2,
                     "Lái xe": 1}),
    "service": Profile(S.STATE_ENTERPRISE, (80, 220), (0.35, 0.5), "Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep",
                       {"Nhân viên kinh doanh": 5, "Giao dịch viên": 3, "Kỹ thuật viên": 4, "Bưu tá": 2,
                        "Tổ trưởng sản xuất": 1, "Trưởng phòng": 1, "Kế toán": 1}),
    "construction": Profile(S.PRIVATE_ENTERPRISE, (12, 90), (0.1, 0.2), "Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep",
                            {"Công nhân xây dựng": 10, "Công nhân vận hành máy": 3, "Kỹ sư xây dựng": 2,
                             "Tổ trưởng sản xuất": 1, "Kế toán": 1, "Thủ kho": 1, "Lái xe": 1}),
    "trade": Profile(S.PRIVATE_ENTERPRISE, (10, 70), (0.4, 0.6), "Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep",
                     {"Nhân viên bán hàng": 6, "Nhân viên kinh doanh": 4, "Kế toán": 1, "Thủ kho": 1, "Lái xe": 2}),
    "farm": Profile(S.PRIVATE_ENTERPRISE, (25, 250), (0.35, 0.55), "Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep",
                    {"Công nhân chế biến": 8, "Công nhân nông nghiệp": 8, "Kỹ thuật viên nông nghiệp": 2,
                     "Tổ trưởng sản xuất": 1, "Kế toán": 1, "Thủ kho": 1}),
    "garment": Profile(S.FOREIGN_INVESTED, (200, 400), (0.75, 0.9), "Giám đốc", "Phó Giám đốc", "quan-ly-doanh-nghiep",
                       {"Công nhân may": 16, "Công nhân cắt": 3, "Tổ trưởng chuyền may": 1, "Nhân viên kiểm hàng (QC)": 1,
                        "Kế toán": 1}),
}

# Office heads whose title is not "Giám đốc": matched on the start of the agency's name.
OFFICE_HEADS = {
    "Văn phòng UBND": ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
    "Văn phòng Đoàn": ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
    "Thanh tra": ("Chánh Thanh tra", "Phó Chánh Thanh tra"),
    "Ban Dân tộc": ("Trưởng Ban", "Phó Trưởng Ban"),
}
# Titles that are management posts (category "lanh-dao-khac") when not the unit's head or deputy.
MANAGER_TITLES = ("Trưởng", "Phó Trưởng", "Chánh", "Phó Chánh", "Điều dưỡng trưởng", "Chỉ huy trưởng")

CHAIR = "Chủ tịch công đoàn cơ sở"
VICE_CHAIR = "Phó Chủ tịch công đoàn cơ sở"
COMMITTEE = "Ủy viên BCH công đoàn cơ sở"
GROUP_LEADER = "Tổ trưởng công đoàn"
MEMBER = "Đoàn viên"
DIRECT_CATEGORY = "truc-tiep"

# The province's Ban Chính sách – Pháp luật and leaders, placed in the root unit:
# (full name, sex, ethnicity, job title, category, union post, works on emulation)
ROOT_STAFF = [
    ("Quàng Văn Thanh", "M", "Thái", "Chủ tịch Liên đoàn Lao động tỉnh", "lanh-dao-tinh", "Chủ tịch", False),
    ("Trần Thị Minh Nguyệt", "F", "Kinh", "Phó Chủ tịch Liên đoàn Lao động tỉnh", "lanh-dao-tinh", "Phó Chủ tịch", False),
    ("Lường Văn Dũng", "M", "Thái", "Trưởng Ban Chính sách – Pháp luật", "lanh-dao-khac", MEMBER, True),
    ("Nguyễn Thị Thu Hà", "F", "Kinh", "Phó Trưởng Ban Chính sách – Pháp luật", "lanh-dao-khac", MEMBER, True),
    ("Lò Thị Hương", "F", "Thái", "Chuyên viên Ban Chính sách – Pháp luật", DIRECT_CATEGORY, MEMBER, True),
    ("Giàng A Dình", "M", "H'Mông", "Chuyên viên Ban Chính sách – Pháp luật", DIRECT_CATEGORY, MEMBER, True),
]
UPPER_CHAIR = "Chủ tịch"
UPPER_OFFICER = "Chuyên viên phụ trách thi đua, khen thưởng"
# Every n-th CĐCS designates its vice-chair for emulation work; about this share of that staff is trained.
EMULATION_EVERY = 5
# Some plain members have left since 2023 (they stay in the registry, out of the current lists).
LEFT_SHARE = 0.03
LEFT_FROM = datetime.date(2023, 1, 1)
LEFT_DAYS = 1400
LEFT_REASONS = {"retired": 5, "moved": 3, "left": 1, "died": 1}
TRAINED_SHARE = 0.8

# (course, organiser, date)
COURSES = [
    ("Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2024", "LĐLĐ tỉnh Điện Biên", datetime.date(2024, 5, 14)),
    ("Tập huấn triển khai Luật Thi đua, khen thưởng năm 2022 và các văn bản hướng dẫn", "Tổng Liên đoàn Lao động Việt Nam",
     datetime.date(2024, 9, 19)),
    ("Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2025", "LĐLĐ tỉnh Điện Biên", datetime.date(2025, 4, 22)),
    ("Bồi dưỡng kỹ năng phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến", "LĐLĐ tỉnh Điện Biên",
     datetime.date(2025, 10, 8)),
    ("Tập huấn sử dụng Cổng thông tin thi đua, khen thưởng", "LĐLĐ tỉnh Điện Biên", datetime.date(2026, 3, 12)),
    ("Tập huấn nghiệp vụ công tác thi đua, khen thưởng năm 2026", "LĐLĐ tỉnh Điện Biên", datetime.date(2026, 5, 20)),
]


class Names(NamedTuple):
    share: int  # per cent of the members
    surnames: list[str]
    male_middle: list[str]
    female_middle: list[str]
    male: list[str]
    female: list[str]


_THAI_MALE = ["Xôm", "Pánh", "Hặc", "Tiến", "Khăm", "Ún", "Piềng", "Chiến", "Quyết", "Inh", "Hoan", "Bun", "Thanh",
              "Sơn", "Dũng", "Hương", "Lả", "Ngoan", "Thoản", "Phong"]
_THAI_FEMALE = ["Ên", "Xuân", "Ỏn", "Hoa", "Nga", "Phượng", "Hương", "Diện", "Thoan", "Mai", "Ín", "Oanh", "Thủy",
                "Bình", "Lún", "Pọm", "Ánh", "Duyên", "Hằng", "Yến"]
NAMES = {
    "Thái": Names(38, ["Lò", "Lò", "Lường", "Quàng", "Cà", "Tòng", "Vì", "Điêu", "Lù", "Khoàng"],
                  ["Văn"], ["Thị"], _THAI_MALE, _THAI_FEMALE),
    "H'Mông": Names(35, ["Giàng", "Sùng", "Vàng", "Mùa", "Lầu", "Thào", "Lý", "Hạng", "Cứ", "Chang"],
                    ["A", "A", "A", "Văn"], ["Thị"],
                    ["Páo", "Sử", "Chư", "Dình", "Lử", "Tủa", "Chồng", "Sáy", "Dế", "Cở", "Của", "Nhè", "Dia", "Khua",
                     "Xá", "Súa", "Dua", "Phừ", "Vừ", "Chính"],
                    ["Mỷ", "Dợ", "Sua", "Mai", "Pà", "Chở", "Dính", "Và", "Sinh", "Dung", "Ly", "Máy", "Chía", "Mang",
                     "Say", "Mỵ", "Xí", "Ca", "Lan", "Hoa"]),
    "Kinh": Names(18, ["Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hà",
                       "Ngô", "Đinh", "Dương", "Phan"],
                  ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Mạnh", "Xuân"],
                  ["Thị", "Thị", "Thu", "Thanh", "Ngọc", "Thúy", "Minh", "Hồng"],
                  ["Hùng", "Dũng", "Tuấn", "Cường", "Hải", "Long", "Nam", "Sơn", "Thắng", "Quân", "Hiếu", "Trung",
                   "Bình", "Thành", "Hòa", "Tùng", "Khánh", "Việt"],
                  ["Hương", "Lan", "Hà", "Hạnh", "Huyền", "Nga", "Ngọc", "Phương", "Thảo", "Trang", "Yến", "Mai",
                   "Linh", "Hằng", "Dung", "Hoa", "Loan", "Vân"]),
    "Khơ Mú": Names(3, ["Quàng", "Lò", "Cà"], ["Văn"], ["Thị"],
                    ["Ón", "Phăn", "Xiêng", "Ọt", "Khằm", "Bướn", "Pọm", "Liên"],
                    ["Ỏn", "Pâng", "Liên", "Xôm", "Ly", "Phon", "Kim", "Nhất"]),
    "Dao": Names(2, ["Lý", "Triệu", "Đặng", "Bàn", "Phàn"], ["Văn"], ["Thị"],
                 ["Chòi", "Phin", "Seng", "Quẩy", "Kiềm", "Lở"], ["Mẩy", "Nải", "Sành", "Phây", "Mui", "Xuân"]),
    "Hà Nhì": Names(1, ["Lỳ", "Chu", "Pờ", "Sừ"], ["A", "Xá"], ["Thị"],
                    ["Sáu", "Phù", "Xé", "Giàng", "Chừ"], ["Mé", "Dế", "Gió", "Xá", "Chà"]),
    "Lào": Names(1, ["Lò", "Vì", "Lường", "Cà"], ["Văn"], ["Thị"], ["Bun", "Khăm", "Xay", "Kẻo", "Phăn"],
                 ["Phon", "Bua", "Khăm", "Kẻo", "Ngoan"]),
    "Kháng": Names(1, ["Lò", "Quàng", "Cà", "Vì"], ["Văn"], ["Thị"], ["Hởi", "Tính", "Piếng", "Luân"],
                   ["Xiêng", "Ính", "Pản", "Hoan"]),
    "Tày": Names(1, ["Hoàng", "Nông", "Lương", "Ma"], ["Văn"], ["Thị"], ["Tuấn", "Cường", "Hải", "Phong"],
                 ["Hoa", "Liên", "Thủy", "Ngần"]),
}
# A few exact namesakes, so that searching the registry can be shown.
NAMESAKE = ("Nguyễn Văn Hùng", "M", "Kinh")
NAMESAKE_EVERY = 37

# (username, Vietnamese role label, role, unit code or name, full name, is_staff, is_superuser);
# a full name of None takes the name of the unit's CĐCS chair or emulation officer.
def demo_email(username: str) -> str:
    """Demo accounts get an address so that "forgot password" can be tried (the mail shows in the terminal)."""
    return f"{username}@thidua.example"


UNIT_OF_CHAIR = "Công đoàn Trường Tiểu học Him Lam"
ACCOUNTS = [
    ("quantri", "Quản trị hệ thống", Role.SYSTEM_ADMIN, ROOT["code"], "Đỗ Minh Quân", True, True),
    ("canbo.cspl", "Cán bộ Ban Chính sách – Pháp luật", Role.PROVINCE_STAFF, ROOT["code"], "Lò Thị Hương", True, False),
    ("canbo.dbp", "Cán bộ công đoàn cấp trên cơ sở", Role.UPPER_LEVEL_OFFICER, "TP-DBP", None, False, False),
    ("chutich.cdcs", "Chủ tịch công đoàn cơ sở", Role.GRASSROOTS_CHAIR, UNIT_OF_CHAIR, None, False, False),
    ("lanhdao", "Lãnh đạo LĐLĐ tỉnh", Role.LEADERSHIP, ROOT["code"], "Quàng Văn Thanh", False, False),
    ("hoidong", "Thành viên Hội đồng Thi đua – Khen thưởng", Role.COUNCIL_MEMBER, ROOT["code"], "Trần Thị Minh Nguyệt",
     False, False),
]


# The award ledger (devtools/demo_awards.py): decisions of the province and of two district unions for
# 2023–2025, one cancelled in part by a correcting decision, award funds, and past awards imported from a
# spreadsheet so that some members hold three consecutive years of Chiến sĩ thi đua cơ sở and others not.
AWARD_YEARS = (2023, 2024, 2025)
AWARD_DISTRICTS = ("TP-DBP", "H-TG")
PROVINCE_SIGNER = ("Quàng Văn Thanh", "Chủ tịch LĐLĐ tỉnh")
DISTRICT_SIGNER_TITLE = "Chủ tịch LĐLĐ"
LEGAL_BASIS = [
    "Căn cứ Luật Công đoàn năm 2024;",
    "Căn cứ Luật Thi đua, khen thưởng năm 2022 và Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ;",
    "Căn cứ Quy chế khen thưởng của tổ chức Công đoàn;",
    "Xét đề nghị của Ban Chính sách – Pháp luật,",
]
PROVINCE_FUND = 150_000_000
DISTRICT_FUND = 30_000_000
CITATIONS = [
    "Đã có thành tích xuất sắc trong phong trào thi đua “Lao động giỏi, Lao động sáng tạo” năm {year}",
    "Đã có thành tích xuất sắc trong công tác công đoàn và phong trào công nhân, viên chức, lao động năm {year}",
    "Đã có thành tích xuất sắc trong phong trào thi đua “Giỏi việc nước, Đảm việc nhà” năm {year}",
]
CANCEL_REASON_DAY = datetime.date(2025, 3, 10)
