"""Default catalogues shipped with the portal (configurable afterwards in the admin).

Used by the data migration and by the demo data; the names follow the seed plan and the
TT 02/2023/TT-BNV statistics split of employee categories."""

UNIT_TYPES = [
    # code, name, order, province federation, upper level, grassroots, member union
    ("tong-ldld", "Tổng Liên đoàn Lao động Việt Nam", 5, False, False, False, False),
    ("ldld-tinh", "Liên đoàn Lao động tỉnh", 10, True, False, False, False),
    ("cd-nganh-tw", "Công đoàn ngành Trung ương và tương đương", 15, True, False, False, False),
    ("ldld-huyen", "Liên đoàn Lao động huyện, thị xã, thành phố", 20, False, True, False, False),
    ("cd-nganh", "Công đoàn ngành", 30, False, True, False, False),
    ("cd-vien-chuc", "Công đoàn Viên chức tỉnh", 40, False, True, False, False),
    ("cd-kcn", "Công đoàn các Khu công nghiệp", 45, False, True, False, False),
    ("cd-xa-phuong", "Công đoàn xã, phường", 50, False, True, False, False),
    ("cdcs", "Công đoàn cơ sở", 60, False, False, True, False),
    ("nghiep-doan", "Nghiệp đoàn cơ sở", 65, False, False, True, False),
    ("cdcs-thanh-vien", "Công đoàn cơ sở thành viên, công đoàn bộ phận", 70, False, False, False, True),
    ("to-cong-doan", "Tổ công đoàn", 80, False, False, False, True),
]

EMPLOYEE_CATEGORIES = [
    # code, name, short name, order, direct worker
    ("lanh-dao-tinh", "Lãnh đạo cấp tỉnh, bộ, ngành", "Lãnh đạo cấp tỉnh", 10, False),
    ("lanh-dao-so", "Lãnh đạo cấp sở, ngành và tương đương", "Lãnh đạo cấp sở", 20, False),
    ("quan-ly-doanh-nghiep", "Chủ doanh nghiệp, người quản lý doanh nghiệp", "Quản lý doanh nghiệp", 30, False),
    ("lanh-dao-khac", "Lãnh đạo, quản lý khác (từ phó trưởng phòng trở lên)", "Lãnh đạo, quản lý khác", 40, False),
    (
        "truc-tiep",
        "Công nhân, lao động trực tiếp; công chức, viên chức không giữ chức vụ lãnh đạo, quản lý",
        "Lao động trực tiếp",
        50,
        True,
    ),
]

# The 54 ethnic groups of Viet Nam; those most present in Điện Biên come first.
ETHNICITIES = [
    "Thái", "H'Mông", "Kinh", "Khơ Mú", "Dao", "Hà Nhì", "Lào", "Cống", "Si La", "Hoa", "Kháng", "Lự",
    "Phù Lá", "Xinh Mun", "Tày", "Nùng", "Mường", "Khmer", "Gia Rai", "Ê Đê", "Ba Na", "Sán Chay",
    "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Bru-Vân Kiều",
    "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ-Triêng", "Co", "Chơ Ro", "Chu Ru", "La Chí", "La Ha", "Chứt",
    "Mảng", "Pà Thẻn", "Co Lao", "Bố Y", "La Hủ", "Lô Lô", "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
    "Ngái",
]

# The ways union officers write catalogue values in their own sheets (and the statistics forms'
# terms), accepted by the Excel imports; the province edits them in the admin. By catalogue, then
# target: a unit type's or category's code, a sector's value, an ethnicity's name.
_BRANCHES = ["Giáo dục", "Y tế", "Nông nghiệp và PTNT", "Công Thương", "Xây dựng", "Giao thông vận tải"]
DEFAULT_ALIASES = {
    "unit_type": {
        "tong-ldld": ["Tổng LĐLĐ Việt Nam", "Tổng LĐLĐVN", "Tổng Liên đoàn"],
        "ldld-tinh": ["LĐLĐ tỉnh"],
        "cd-nganh-tw": ["CĐ ngành Trung ương", "Công đoàn ngành Trung ương"],
        "ldld-huyen": [
            "LĐLĐ huyện", "LĐLĐ thị xã", "LĐLĐ thành phố", "LĐLĐ quận", "LĐLĐ cấp huyện",
            "Liên đoàn Lao động huyện", "Liên đoàn Lao động thị xã", "Liên đoàn Lao động thành phố",
        ],
        "cd-nganh": ["CĐ ngành", *(f"CĐ ngành {b}" for b in _BRANCHES), *(f"Công đoàn ngành {b}" for b in _BRANCHES)],
        "cd-vien-chuc": ["CĐ Viên chức", "CĐ Viên chức tỉnh", "Công đoàn Viên chức"],
        "cd-kcn": ["CĐ KCN", "CĐ các KCN", "Công đoàn Khu công nghiệp", "Công đoàn các KCN"],
        "cd-xa-phuong": ["CĐ xã", "CĐ phường", "CĐ xã, phường", "Công đoàn xã", "Công đoàn phường"],
        "cdcs": ["CĐCS", "CĐ cơ sở"],
        "nghiep-doan": ["Nghiệp đoàn", "NĐCS", "Nghiệp đoàn CS"],
        "cdcs-thanh-vien": [
            "CĐCS thành viên", "CĐ cơ sở thành viên", "Công đoàn cơ sở thành viên",
            "CĐ bộ phận", "CĐBP", "Công đoàn bộ phận",
        ],
        "to-cong-doan": ["Tổ CĐ"],
    },
    "sector": {
        "administrative": ["Hành chính", "Cơ quan hành chính", "Cơ quan nhà nước"],
        # HCSN (hành chính sự nghiệp) is one line of the statistics forms; most of its unions are
        # schools and hospitals, so it means public service here (a unit's sector can be corrected).
        "public_service": [
            "Sự nghiệp", "Đơn vị sự nghiệp", "ĐVSN", "Sự nghiệp công lập", "Đơn vị sự nghiệp công lập",
            "HCSN", "Hành chính sự nghiệp",
        ],
        "state_enterprise": ["DNNN", "Doanh nghiệp nhà nước", "DN nhà nước"],
        "private_enterprise": [
            "Doanh nghiệp ngoài nhà nước", "DN ngoài nhà nước", "DN ngoài NN", "Ngoài nhà nước",
            "Doanh nghiệp tư nhân", "DN tư nhân", "DNTN", "Ngoài quốc doanh", "DN ngoài quốc doanh",
        ],
        "foreign_invested": [
            "FDI", "DN FDI", "Doanh nghiệp FDI", "Doanh nghiệp có vốn đầu tư nước ngoài",
            "DN có vốn đầu tư nước ngoài", "DN có vốn ĐTNN", "DN vốn nước ngoài",
        ],
        "other": ["Khác"],
    },
    "category": {
        "lanh-dao-tinh": ["LĐ cấp tỉnh", "Lãnh đạo tỉnh"],
        "lanh-dao-so": ["LĐ cấp sở", "Lãnh đạo sở", "Lãnh đạo cấp sở, ngành"],
        "quan-ly-doanh-nghiep": ["Chủ doanh nghiệp", "Quản lý DN", "Người quản lý doanh nghiệp"],
        "lanh-dao-khac": ["Lãnh đạo khác", "Quản lý khác", "LĐQL khác"],
        "truc-tiep": [
            "Công nhân", "Công nhân lao động", "CNLĐ", "Lao động trực tiếp", "LĐ trực tiếp",
            "Người lao động", "NLĐ", "Công chức, viên chức", "CCVC", "Công chức", "Viên chức",
            "CNVCLĐ trực tiếp", "Trực tiếp sản xuất", "Lao động trực tiếp sản xuất",
        ],
    },
    "ethnicity": {
        "H'Mông": ["Mông", "Hmông"],
        "Khơ Mú": ["Khơmú", "Khơ-mú"],
        "Kinh": ["Việt"],
        "Khmer": ["Khơ-me"],
    },
}


def load_default_aliases(CatalogueAlias):
    """Add the default aliases that are missing (by the way they match); edited ones are left alone."""
    from units.text import match_key

    taken = {(catalogue, key) for catalogue, key in CatalogueAlias.objects.values_list("catalogue", "key")}
    new = []
    for catalogue, targets in DEFAULT_ALIASES.items():
        for target, aliases in targets.items():
            for alias in aliases:
                key = match_key(alias)
                if (catalogue, key) not in taken:
                    taken.add((catalogue, key))
                    new.append(CatalogueAlias(catalogue=catalogue, target=target, alias=alias, key=key))
    CatalogueAlias.objects.bulk_create(new)


def load_default_catalogues(UnitType, EmployeeCategory, Ethnicity, CatalogueAlias=None):
    """Create the default catalogue rows (and, given its model, aliases) that are missing; existing
    rows are left as configured.

    Takes the model classes so the data migrations can pass their historical models."""
    for code, name, order, province, upper, grassroots, member in UNIT_TYPES:
        UnitType.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                order=order,
                is_province_federation=province,
                is_upper_level=upper,
                is_grassroots=grassroots,
                is_member_union=member,
            ),
        )
    # Migration 0002 runs this with the model as it was then, before short names existed.
    has_short_name = any(field.name == "short_name" for field in EmployeeCategory._meta.get_fields())
    for code, name, short_name, order, direct in EMPLOYEE_CATEGORIES:
        defaults = dict(name=name, order=order, is_direct_worker=direct)
        if has_short_name:
            defaults["short_name"] = short_name
        EmployeeCategory.objects.get_or_create(code=code, defaults=defaults)
    for order, name in enumerate(ETHNICITIES, start=1):
        Ethnicity.objects.get_or_create(name=name, defaults={"order": order})
    if CatalogueAlias is not None:
        load_default_aliases(CatalogueAlias)


CATALOGUE_EDITORS = "Quản lý danh mục thi đua, khen thưởng"
# The models province staff keep in the Django admin: the catalogues and who holds which role.
CATALOGUE_MODELS = ["unittype", "employeecategory", "ethnicity", "cataloguealias", "roleassignment"]


def catalogue_editors_group():
    """The admin group for province staff: every permission on the catalogues, nothing else."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=CATALOGUE_EDITORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="units", content_type__model__in=CATALOGUE_MODELS))
    return group
