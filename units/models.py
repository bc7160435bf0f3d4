"""The union tree, its history, the member registry, emulation staff training and role grants."""

import datetime
from collections import namedtuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Collate, Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from units import access
from units.text import last_word_is_prefix, match_key, search_text_of, search_words


def active_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Units that exist on `day`: started on or before it, not yet ended (end dates are exclusive)."""
    return (Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": day})) & (
        Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gt": day})
    )


def vi_order(field: str):
    """Order by a name the Vietnamese way: PostgreSQL's name columns carry the vi-x-icu collation
    (migration 0003, and the name indexes with it); SQLite has the "vi" collation of units.apps."""
    if connection.vendor == "sqlite":
        return Collate(models.F(field), "vi")
    return models.F(field)


class WordsMatch(models.Func):
    """PostgreSQL: the folded text's words match a tsquery; served by the GIN indexes of migration 0006."""

    output_field = models.BooleanField()
    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "


def matching_words(queryset, query: str, field: str = "search_text"):
    """Rows whose folded text has every word of the query, in any order: "lo thi" finds "Lò Thị
    Hoa", "hung nguyen" finds "Nguyễn Văn Hùng". A lone word, or a short last word, may be the start
    of a word ("d" finds "Đào", "nguyen van hu" finds "Nguyễn Văn Hùng"): see last_word_is_prefix.

    On PostgreSQL a GIN full-text index answers it (its posting lists intersect from the rarest
    word, so common surnames cost little); SQLite compares the padded text with LIKE."""
    words = search_words(query)
    if not words:
        return queryset
    prefix = last_word_is_prefix(words)
    if connection.vendor == "postgresql":
        tsquery = " & ".join([*words[:-1], f"{words[-1]}:*" if prefix else words[-1]])
        return queryset.filter(WordsMatch(models.F(field), models.Value(tsquery)))
    padded = Concat(models.Value(" "), field, models.Value(" "), output_field=models.CharField())
    queryset = queryset.alias(padded_search=padded)
    for word in words[:-1]:
        queryset = queryset.filter(padded_search__contains=f" {word} ")
    return queryset.filter(padded_search__contains=f" {words[-1]}" if prefix else f" {words[-1]} ")


class UnitType(models.Model):
    """A configurable kind of unit; the flags say where it sits in the levels the rules and KPIs use."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_province_federation = models.BooleanField(_("province federation"), default=False)
    is_upper_level = models.BooleanField(_("upper-level union"), default=False)
    is_grassroots = models.BooleanField(_("grassroots union"), default=False)
    is_member_union = models.BooleanField(_("member or department union"), default=False)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")

    def __str__(self):
        return self.name


class Sector(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Private enterprise")
    FOREIGN_INVESTED = "foreign_invested", _("Foreign-invested enterprise")
    OTHER = "other", _("Other")


class UnitQuerySet(MP_NodeQuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "path"))

    def active(self):
        return self.filter(active_until__isnull=True)

    def subtree_of(self, unit):
        """The unit and everything below it now: one indexed prefix query on the path."""
        return self.filter(path__startswith=unit.path)

    def search(self, query: str):
        return matching_words(self, query)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node):
    """A union organisation. Its place in the current tree is the materialised `path` (treebeard);
    its places in the past are `Placement` rows (see docs/decisions/0001-tree-history.md)."""

    code = models.CharField(_("unit code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    unit_type = models.ForeignKey(UnitType, models.PROTECT, related_name="units", verbose_name=_("unit type"))
    # Kept beside the path so lists can show the parent with select_related; moved by unit_move only.
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    sector = models.CharField(_("economic sector"), max_length=30, choices=Sector.choices, default=Sector.OTHER)
    address = models.CharField(_("address"), max_length=255, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("The first day the unit no longer exists.")
    )
    successor = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_units", verbose_name=_("merged into")
    )
    search_text = models.CharField(max_length=400, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            # The children of a unit today, and (active_from too) how many: an index-only count for
            # each row of the tree page.
            models.Index(fields=["parent", "active_until", "active_from"], name="unit_parent_active_days"),
            # The home page's counts of a user's area: an index-only scan of the active units under a
            # path prefix (varchar_pattern_ops lets LIKE 'p%' use it), with the type beside the path.
            models.Index(
                fields=["path", "unit_type"],
                name="unit_active_path_type",
                condition=Q(active_until__isnull=True),
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            # The member filter's unit choices: a level or two of a subtree, not the whole subtree.
            models.Index(fields=["depth", "path"], name="unit_depth_path", opclasses=["int4_ops", "varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return search_text_of(f"{self.code} {self.name} {self.short_name}")

    def is_active_on(self, day: datetime.date) -> bool:
        """The rule of active_on_q, for one unit already in memory."""
        started = self.active_from is None or self.active_from <= day
        return started and (self.active_until is None or self.active_until > day)

    @property
    def is_active(self) -> bool:
        return self.active_until is None

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class PlacementQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """Placements in force on `day`, of units that existed then."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gt=day),
            active_on_q(day, prefix="unit__"),
        )


class Placement(models.Model):
    """Where a unit sat in the tree during a period: its parent and its path then.

    Every change of a unit's path (a move of it or of an ancestor) closes the open rows of the
    moved subtree and opens new ones, so the subtree of any unit on any day is one indexed prefix
    query on `path`, like the current tree."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="placements")
    parent = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, related_name="+")
    path = models.CharField(max_length=255, db_index=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["unit", "valid_until"], name="placement_unit_open"),
            # The tree's rows under a parent on a day, from the index alone (decision 0026): without the
            # INCLUDE the planner read the whole table in parallel rather than fetch 1,100 rows one by one.
            models.Index(fields=["parent", "valid_until", "valid_from"], include=["id", "unit", "path"], name="placement_children"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="placement_period_in_order",
            )
        ]

    def __str__(self):
        return f"{self.unit_id} @ {self.path} [{self.valid_from}, {self.valid_until})"


class UnitEvent(models.Model):
    """The readable history of a unit: what changed, when it took effect, who recorded it, why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        MOVED = "moved", _("Moved")
        MERGED = "merged", _("Merged")
        DISSOLVED = "dissolved", _("Dissolved")
        RECEIVED = "received", _("Received a merged unit")
        EDITED = "edited", _("Details changed")

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_on = models.DateField(null=True, blank=True)
    from_parent = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+")
    to_parent = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+")
    other_unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-recorded_at"]


class UnitYearStats(models.Model):
    """Member counts a unit reports for a year; KPIs and collective-award rules read them."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="year_stats")
    year = models.PositiveSmallIntegerField(_("year"))
    members = models.PositiveIntegerField(_("union members"), default=0)
    workers = models.PositiveIntegerField(_("workers (CNVCLĐ)"), default=0)
    women = models.PositiveIntegerField(_("of which women"), default=0)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly counts")
        verbose_name_plural = _("yearly counts")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_year_stats_unique")]


class EmployeeCategory(models.Model):
    """Configurable employee categories (TT 02/2023/TT-BNV split); KPI 3 counts the direct workers."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("Shown in lists and accepted in Excel imports.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_direct_worker = models.BooleanField(
        _("direct worker / no leadership post"),
        default=False,
        help_text=_("Counts towards the target of at least 15% of awarded individuals being direct workers."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("employee category")
        verbose_name_plural = _("employee categories")

    def __str__(self):
        return self.short_name or self.name


class Ethnicity(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("ethnicity")
        verbose_name_plural = _("ethnicities")

    def __str__(self):
        return self.name


class CatalogueAlias(models.Model):
    """Another way users write a catalogue value ("CĐCS", "FDI", "Mông"), accepted by the Excel imports.

    One table for the four catalogues, because sectors are fixed choices, not rows: `target` is a unit
    type's or category's code, a sector's value, or an ethnicity's name. Values are compared by
    `units.text.match_key` (no accents, case, spaces or punctuation); `key` keeps that form so an
    alias means one thing in its catalogue."""

    class Catalogue(models.TextChoices):
        UNIT_TYPE = "unit_type", _("Unit type")
        SECTOR = "sector", _("Sector")
        CATEGORY = "category", _("Employee category")
        ETHNICITY = "ethnicity", _("Ethnicity")

    catalogue = models.CharField(_("catalogue"), max_length=20, choices=Catalogue.choices)
    target = models.CharField(_("stands for"), max_length=200, help_text=_("The catalogue value this alias means."))
    alias = models.CharField(_("alias"), max_length=200, help_text=_("As users write it; accents, case, spaces and punctuation do not matter."))
    key = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["catalogue", "target", "alias"]
        verbose_name = _("catalogue alias")
        verbose_name_plural = _("catalogue aliases")
        constraints = [models.UniqueConstraint(fields=["catalogue", "key"], name="cataloguealias_unique_key")]

    def __str__(self):
        return self.alias

    Entry = namedtuple("Entry", "target value label names")

    @staticmethod
    def entries(catalogue: str) -> list["CatalogueAlias.Entry"]:
        """A catalogue's values: target, what an import stores (a row, or a sector's value), label, and
        the names accepted for it without any alias. The imports and the admin's checks share it."""
        Entry = CatalogueAlias.Entry
        if catalogue == CatalogueAlias.Catalogue.SECTOR:
            return [Entry(sector.value, sector.value, str(sector.label), [sector.value, str(sector.label)]) for sector in Sector]
        if catalogue == CatalogueAlias.Catalogue.UNIT_TYPE:
            return [Entry(t.code, t, t.name, [t.name, t.code]) for t in UnitType.objects.all()]
        if catalogue == CatalogueAlias.Catalogue.CATEGORY:
            return [Entry(c.code, c, c.name, [c.name, c.short_name, c.code]) for c in EmployeeCategory.objects.all()]
        return [Entry(e.name, e, e.name, [e.name]) for e in Ethnicity.objects.all()]

    def clean(self):
        self.key = match_key(self.alias)
        if not self.key:
            raise ValidationError({"alias": _("Write the alias with at least one letter or digit.")})
        entries = self.entries(self.catalogue) if self.catalogue else []
        labels = {entry.target: entry.label for entry in entries}
        if self.catalogue and self.target not in labels:
            raise ValidationError({"target": _("Choose a value of this catalogue.")})
        for entry in entries:
            if entry.target != self.target and self.key in {match_key(name) for name in entry.names if name}:
                raise ValidationError(
                    {"alias": _("“%(alias)s” is already how “%(other)s” is written: it cannot also mean another value.") % {"alias": self.alias, "other": entry.label}}
                )
        clash = CatalogueAlias.objects.filter(catalogue=self.catalogue, key=self.key).exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError(
                {"alias": _("“%(alias)s” is already an alias of “%(other)s”.") % {"alias": self.alias, "other": labels.get(clash.target, clash.target)}}
            )

    def save(self, *args, **kwargs):
        self.key = match_key(self.alias)
        super().save(*args, **kwargs)


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class LeftReason(models.TextChoices):
    RETIRED = "retired", _("Retired")
    MOVED = "moved", _("Moved to work outside the union")
    LEFT = "left", pgettext_lazy("reason for leaving", "Left the union")
    DIED = "died", _("Died")
    UNION_DISSOLVED = "dissolved", _("The union was dissolved")
    OTHER = "other", _("Other reason")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit_path"))

    def current(self):
        """Members still in the union: what lists and counts show unless asked for those who left."""
        return self.filter(left_on__isnull=True)

    def departed(self):
        return self.filter(left_on__isnull=False)

    def in_subtree(self, unit):
        return self.filter(unit_path__startswith=unit.path)

    def search(self, query: str):
        query = (query or "").strip()
        if query.isdigit():
            return self.filter(citizen_id__startswith=query)
        return matching_words(self, query)

    def in_tree_order(self):
        """Grouped by unit (in tree order), then by name: the order the person_tree_order index holds,
        so a page deep in a subtree of millions is an index range scan, not a sort."""
        return self.order_by("unit_path", vi_order("full_name"), "id")


class Person(models.Model):
    """A person in the member registry; nominations and award history point here, never at free text."""

    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.ForeignKey(
        Ethnicity, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ethnicity")
    )
    citizen_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, null=True, blank=True, unique=True)
    # No index of its own: person_unit_name starts with the unit and serves every lookup by unit.
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="people", verbose_name=_("unit"), db_index=False)
    # The unit's tree path, copied so scoping and subtree filters need no join (kept in step by
    # save() and by the tree services when units move or merge).
    unit_path = models.CharField(max_length=255, editable=False, default="")
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    category = models.ForeignKey(
        EmployeeCategory, models.PROTECT, related_name="people", verbose_name=_("employee category")
    )
    union_post = models.CharField(_("union post"), max_length=150, blank=True)
    works_on_emulation = models.BooleanField(_("works on emulation and awards"), default=False)
    # A member who retires or leaves stays in the registry (their awards point here), marked with the day.
    left_on = models.DateField(_("left the union on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=20, choices=LeftReason.choices, blank=True)
    search_text = models.CharField(max_length=200, editable=False)
    # Raised by every write (page, admin, import, merge, dissolution, leaving, return): a form opened
    # at an older version is refused instead of overwriting (units.membership.person_update).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # PostgreSQL also gets a trigram index on search_text, the Vietnamese collation on full_name
        # and the "C" collation on unit_path (migrations 0003, 0005); SQLite needs none at its scale.
        indexes = [
            models.Index(fields=["unit", "full_name"], name="person_unit_name"),
            # Lists: a subtree (unit_path prefix) in tree-then-name order, filters read from the index.
            models.Index(
                fields=["unit_path", "full_name", "id"], name="person_tree_order", include=["category", "sex", "left_on"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_reason="") | (Q(left_on__isnull=False) & ~Q(left_reason="")),
                name="person_left_with_reason",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("units:person-detail", args=[self.pk])

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @staticmethod
    def derived_fields(*, full_name: str | None = None, unit=None) -> dict[str, str]:
        """The columns a person's other fields decide, for what is given: `search_text` from the name
        (the folded words the member search matches) and `unit_path` from the unit (its tree path,
        what scoping and subtree lists filter on). The one place for the rule: save(), the import's
        bulk writes, seed_demo and seed_scale's COPY rows all store what it returns."""
        fields = {}
        if full_name is not None:
            fields["search_text"] = search_text_of(full_name)
        if unit is not None:
            fields["unit_path"] = unit.path
        return fields

    def save(self, *args, **kwargs):
        if not self.citizen_id:
            self.citizen_id = None  # unique only when present
        for field, value in self.derived_fields(full_name=self.full_name, unit=self.unit).items():
            setattr(self, field, value)
        super().save(*args, **kwargs)


class TrainingRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "person__unit_path"))


class TrainingRecord(models.Model):
    """A course attended (or missed) by someone on emulation and award work; KPI 4 reads it."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="trainings", verbose_name=_("person"))
    course = models.CharField(_("course"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=255)
    held_on = models.DateField(_("date"))
    attended = models.BooleanField(_("attended"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")


class RoleAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit__path"))


class RoleAssignment(models.Model):
    """A role a user holds at a unit; it reaches the unit's subtree."""

    ROLE_CHOICES = list(access.ROLE_LABELS.items())

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=ROLE_CHOICES)
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="role_assignments", verbose_name=_("unit"))

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class TemporaryPassword(models.Model):
    """The account's password was set by an officer (who therefore knows it): its owner must choose
    their own before doing anything else. The row goes when they do (units.accounts)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(auto_now=True)


class PersonEvent(models.Model):
    """A change in a member's union life, written by the service that makes it (units.membership,
    units.services, the import): moved to another union, left, back. What the person page lists."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved to another union")
        LEFT = "left", _("Left the union")
        RETURNED = "returned", _("Back in the union")

    person = models.ForeignKey(Person, models.CASCADE, related_name="events", db_index=False)  # person_event_person_day
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("effective from"))
    from_unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")
    to_unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason for leaving"), max_length=20, choices=LeftReason.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "recorded_at", "id"]
        indexes = [models.Index(fields=["person", "effective_on"], name="person_event_person_day")]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()} · {self.effective_on}"


class ChangeRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit__path"))


class ChangeRecord(models.Model):
    """A dated row, with who, for the changes that have no history table of their own: roles given
    and taken back, training records added and removed, yearly counts saved. Written by the service
    that makes the change, in its transaction (docs/decisions/0006-history-tables.md); the unit page
    lists the counts, the person page the training, the accounts page the roles."""

    class Kind(models.TextChoices):
        ROLE_GRANTED = "role_granted", _("Role given")
        ROLE_REVOKED = "role_revoked", _("Role taken back")
        TRAINING_ADDED = "training_added", _("Training record added")
        TRAINING_REMOVED = "training_removed", _("Training record removed")
        COUNTS_SAVED = "counts_saved", _("Yearly counts saved")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The unit it concerns (where the role is held, the person's union, the unit counted): scoping goes by it.
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="change_records", verbose_name=_("unit"))
    person = models.ForeignKey(Person, models.CASCADE, null=True, blank=True, related_name="change_records", verbose_name=_("person"))
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("account")
    )
    # What changed, as plain values (kept when the training record or role itself is gone); see `summary`.
    details = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [
            models.Index(fields=["unit", "kind", "recorded_at"], name="change_unit_kind_day"),
            models.Index(fields=["person", "recorded_at"], name="change_person_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.summary}"

    @property
    def summary(self) -> str:
        """What changed, in the reader's language."""
        d = self.details
        if self.kind in (self.Kind.ROLE_GRANTED, self.Kind.ROLE_REVOKED):
            return _("%(role)s at %(unit)s for %(username)s") % {
                "role": access.ROLE_LABELS.get(d.get("role"), d.get("role")), "unit": d.get("unit", ""), "username": d.get("username", "")
            }
        if self.kind in (self.Kind.TRAINING_ADDED, self.Kind.TRAINING_REMOVED):
            held_on = datetime.date.fromisoformat(d["held_on"]).strftime("%d/%m/%Y") if d.get("held_on") else ""
            return f"{d.get('course', '')} ({d.get('organiser', '')}, {held_on})"
        if self.kind == self.Kind.COUNTS_SAVED:
            before = d.get("before")
            after = _("%(members)s members, %(workers)s workers, %(women)s women") % dict(zip(("members", "workers", "women"), d["after"]))
            if before:
                was = _("%(members)s members, %(workers)s workers, %(women)s women") % dict(zip(("members", "workers", "women"), before))
                return _("%(year)s: %(after)s (was %(before)s)") % {"year": d["year"], "after": after, "before": was}
            return _("%(year)s: %(after)s") % {"year": d["year"], "after": after}
        return ""
