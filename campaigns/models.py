"""Campaigns (phong trào thi đua) and what every unit below does with them.

A campaign is launched by a unit for the units below it that it applies to. Each of those owes a
`Duty`: a numbered, dated plan and a launch record (KPI 1). Who owes is decided by one rule,
`campaigns.duties.owed_units`, and kept in Duty rows so that status pages and reports count rows by
an indexed path prefix (docs/decisions/0021-campaign-duties.md). Registrations, progress, reviews
and exemplars are what KPI 2 reads.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.states import Machine
from units import access
from units.models import Person, Sector, Unit, UnitType

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Title(models.Model):
    """An emulation title a unit or a person registers to aim for (Lao động tiên tiến, Chiến sĩ thi
    đua cơ sở, Tập thể lao động xuất sắc ...). The award ledger's forms name these by `code`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    for_collective = models.BooleanField(_("for a collective"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("emulation title")
        verbose_name_plural = _("emulation titles")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The launching unit's reach sees its drafts; once launched, a campaign is also seen by every
        unit that owes it and by the units above those (the upward reach, through the duties)."""
        if access.reaches_whole_tree(user):
            # reach_q is then an empty Q, which `|` drops: the OR below would leave "not a draft" alone.
            return self.all()
        launched = ~Q(state=Campaign.State.DRAFT) & access.applies_to_q(user, "launching_unit__path", "duties__unit_path")
        return self.filter(access.reach_q(user, "launching_unit__path") | launched)

    def running_on(self, day: datetime.date):
        return self.filter(state=Campaign.State.LAUNCHED, starts_on__lte=day, ends_on__gte=day)


class Campaign(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular (yearly)")
        THEMATIC = "thematic", _("Thematic")
        PHASE = "phase", _("By phase")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LAUNCHED = "launched", _("Launched")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("campaign code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    theme = models.TextField(_("theme"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    launching_unit = models.ForeignKey(Unit, models.PROTECT, related_name="campaigns", verbose_name=_("launching unit"))
    # A district campaign that carries a province campaign down names it; one launched outside the
    # portal (TLĐ, the Prime Minister) is named in words.
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="carried_down", verbose_name=_("carries down")
    )
    launched_outside_by = models.CharField(
        _("launched by a body outside the portal"), max_length=255, blank=True,
        help_text=_("E.g. Tổng Liên đoàn Lao động Việt Nam, Thủ tướng Chính phủ."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    plans_due_on = models.DateField(
        _("plans and launches due by"), help_text=_("A unit without a plan and a launch after this day is late.")
    )
    unit_types = models.ManyToManyField(UnitType, related_name="+", verbose_name=_("applies to unit types"))
    # Empty: every sector. Codes of units.models.Sector.
    sectors = models.JSONField(_("applies to economic sectors"), default=list, blank=True)
    women_units_only = models.BooleanField(
        _("only units with women members"), default=False,
        help_text=_("Read from the unit's counts for the campaign's year."),
    )
    criteria = models.TextField(_("criteria"), blank=True)
    targets = models.TextField(_("targets"), blank=True)
    document_number = models.CharField(_("launch document number"), max_length=60, blank=True)
    document_date = models.DateField(_("launch document date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "name", "pk"]
        indexes = [models.Index(fields=["launching_unit", "year"], name="campaign_unit_year")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_in_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("campaigns:detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})
        if self.plans_due_on and self.starts_on and self.plans_due_on < self.starts_on:
            raise ValidationError({"plans_due_on": _("Plans cannot be due before the campaign starts.")})
        unknown = set(self.sectors or ()) - set(Sector.values)
        if unknown:
            raise ValidationError({"sectors": _("Unknown economic sector.")})


CAMPAIGN = Machine(
    "campaign",
    moves={
        (Campaign.State.DRAFT, Campaign.State.LAUNCHED),
        (Campaign.State.LAUNCHED, Campaign.State.CLOSED),
        (Campaign.State.CLOSED, Campaign.State.LAUNCHED),
    },
    labels=dict(Campaign.State.choices),
)


class LaunchMethod(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    NOTICE = "notice", _("Notice")
    OTHER = "other", _("Other")


# What "done" means for a duty, in one place: a dated plan and a dated launch. The status counts, the
# to-do list's order and the querysets below all read these.
HAS_PLAN = Q(plan_date__isnull=False)
HAS_LAUNCH = Q(launched_on__isnull=False)
DONE = HAS_PLAN & HAS_LAUNCH
NOT_DONE = ~HAS_PLAN | ~HAS_LAUNCH


class DutyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A unit's duty is seen down the tree from the unit (its chair, the officers above), and by the
        launching unit's reach (its staff chase it)."""
        return self.filter(access.reach_q(user, "unit_path") | access.reach_q(user, "campaign__launching_unit__path"))

    def counted(self):
        """The duties that count: not passed to a successor, not closed with a unit that ended."""
        return self.filter(state=Duty.State.OWED)

    def done(self):
        return self.filter(DONE)

    def not_done(self):
        return self.filter(NOT_DONE)

    def late_on(self, day: datetime.date):
        return self.counted().not_done().filter(campaign__plans_due_on__lt=day)


class Duty(models.Model):
    """What one unit owes for one campaign: its plan (number, date, file) and its launch (date, how,
    evidence file). Rows are made and kept by campaigns.duties.refresh_duties, never by hand."""

    class State(models.TextChoices):
        OWED = "owed", _("Owed")
        PASSED = "passed", _("Passed to the successor")
        ENDED = "ended", _("No longer owed")

    class Origin(models.TextChoices):
        APPLIES = "applies", _("The campaign applies to the unit")
        SUCCESSOR = "successor", _("Passed from a merged unit")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="duties", verbose_name=_("campaign"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="campaign_duties", verbose_name=_("unit"))
    # The unit's current path, kept by refresh_duties (a move changes it): counts by level are a prefix
    # scan of (campaign, unit_path), no join with the units.
    unit_path = models.CharField(max_length=255, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OWED, editable=False)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.APPLIES, editable=False)
    passed_to = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="passed_from", editable=False)
    plan_number = models.CharField(_("plan number"), max_length=60, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    plan_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    plan_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    launch_method = models.CharField(_("how it was launched"), max_length=20, choices=LaunchMethod.choices, blank=True)
    launch_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    launch_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan and launch duty")
        verbose_name_plural = _("plan and launch duties")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="duty_one_per_unit")]
        indexes = [
            # Status pages: the duties of a campaign under a path prefix, grouped by the level below.
            models.Index(fields=["campaign", "unit_path"], name="duty_campaign_path", opclasses=["int8_ops", "varchar_pattern_ops"]),
            # A unit's to-do list: its own duties.
            models.Index(fields=["unit", "state"], name="duty_unit_state"),
            # The to-do list of a user's units and a district's late list across campaigns: duties under a
            # path (or at it), whatever the campaign (the index above leads with the campaign).
            models.Index(fields=["unit_path"], name="duty_unit_path", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.campaign} — {self.unit}"

    def get_absolute_url(self):
        return reverse("campaigns:duty", args=[self.pk])

    @property
    def has_plan(self) -> bool:
        return self.plan_date is not None

    @property
    def has_launch(self) -> bool:
        return self.launched_on is not None

    @property
    def is_done(self) -> bool:
        return self.has_plan and self.has_launch

    def is_late_on(self, day: datetime.date) -> bool:
        return self.state == self.State.OWED and not self.is_done and self.campaign.plans_due_on < day


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit__path") | access.reach_q(user, "campaign__launching_unit__path"))


class Registration(models.Model):
    """A unit's registration to emulate (đăng ký thi đua) for a campaign and year: its collective
    target title and, in `entries`, the titles its members aim for."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="registrations", verbose_name=_("campaign"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="campaign_registrations", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    registered_on = models.DateField(_("registered on"), default=datetime.date.today)
    collective_title = models.ForeignKey(
        Title, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("collective target title"),
        limit_choices_to={"for_collective": True},
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration to emulate")
        verbose_name_plural = _("registrations to emulate")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "year"], name="registration_one_per_unit_year")]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"

    def get_absolute_url(self):
        return reverse("campaigns:registration", args=[self.pk])


class RegistrationEntry(models.Model):
    """One member's target title in a unit's registration."""

    registration = models.ForeignKey(Registration, models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, models.PROTECT, related_name="emulation_registrations", verbose_name=_("member"))
    title = models.ForeignKey(
        Title, models.PROTECT, related_name="+", verbose_name=_("target title"), limit_choices_to={"for_collective": False}
    )

    class Meta:
        verbose_name = _("member's registration")
        verbose_name_plural = _("members' registrations")
        constraints = [models.UniqueConstraint(fields=["registration", "person"], name="registration_entry_one_per_person")]
        indexes = [models.Index(fields=["person"], name="registration_entry_person")]

    def __str__(self):
        return f"{self.person} — {self.title}"


class ProgressQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit__path") | access.reach_q(user, "campaign__launching_unit__path"))


class ProgressEntry(models.Model):
    """What a unit reports of a campaign for a period (a month, a quarter, a half-year)."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="progress_entries", verbose_name=_("campaign"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="campaign_progress", verbose_name=_("unit"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    summary = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["campaign", "unit", "-period_end"], name="progress_campaign_unit")]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="progress_period_in_order"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"

    def get_absolute_url(self):
        return reverse("campaigns:progress", args=[self.pk])


# The benefit of a unit's initiatives in đồng: a thousand trillion is past any union's (a province's
# yearly total is some hundreds of billions); a bigger figure is a typing slip.
BENEFIT_MAX = 10**15


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit__path") | access.reach_q(user, "campaign__launching_unit__path"))


class Review(models.Model):
    """An interim or final review (sơ kết, tổng kết) of a campaign held by a unit; its minutes are an
    attachment. The launching unit's own final review is what KPI 2 asks for."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim review (sơ kết)")
        FINAL = "final", _("Final review (tổng kết)")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="reviews", verbose_name=_("campaign"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="campaign_reviews", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("summary"))
    participants = models.PositiveIntegerField(_("participants"), default=0, validators=[MaxValueValidator(10_000_000)])
    initiatives = models.PositiveIntegerField(_("initiatives"), default=0, validators=[MaxValueValidator(10_000_000)])
    benefit_value = models.DecimalField(
        _("benefit of the initiatives (đồng)"), max_digits=18, decimal_places=0, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(BENEFIT_MAX)],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign review")
        verbose_name_plural = _("campaign reviews")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "unit", "held_on"], name="review_campaign_unit")]
        constraints = [
            # The forms refuse these with a message; the constraint keeps an import or a script from
            # storing a negative or absurd benefit (migration 0003).
            models.CheckConstraint(
                condition=Q(benefit_value__gte=0, benefit_value__lte=BENEFIT_MAX), name="review_benefit_in_bounds"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.unit}"

    def get_absolute_url(self):
        return reverse("campaigns:review", args=[self.pk])


def public_token() -> str:
    return secrets.token_urlsafe(12)


class ExemplarQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Seen down the tree from the unit that found it, and by the campaign's launching unit's reach."""
        return self.filter(access.reach_q(user, "unit__path") | access.reach_q(user, "campaign__launching_unit__path"))

    def published(self):
        return self.filter(published_at__isnull=False)

    def search(self, query: str):
        """Every word of `query` in the folded title and description (as the member search)."""
        from units.models import matching_words

        return matching_words(self, query)


class Exemplar(models.Model):
    """An exemplar (điển hình tiên tiến: a person or a unit) or a new model / good practice (mô hình
    mới, cách làm hay) found in a campaign. Published by the unit above, it shows on the public page."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Exemplary person")
        UNIT = "unit", _("Exemplary unit")
        PRACTICE = "practice", _("New model or good practice")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    campaign = models.ForeignKey(
        Campaign, models.PROTECT, null=True, blank=True, related_name="exemplars", verbose_name=_("campaign")
    )
    # The unit that found and keeps the record: the exemplary unit itself, the person's union, or the
    # unit where the practice started.
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="exemplars", verbose_name=_("unit"))
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="exemplars", verbose_name=_("person")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    recognised_on = models.DateField(_("recognised on"), default=datetime.date.today)
    # The one attachment shown on the public page (JPG or PNG); other files of the record stay private.
    photo = models.ForeignKey(
        "attachments.Attachment", models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("photo"),
    )
    search_text = models.CharField(max_length=600, editable=False, default="")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    # The last time the switch was turned off, and by whom (published_* say who turned it on).
    unpublished_at = models.DateTimeField(_("unpublished at"), null=True, blank=True, editable=False)
    unpublished_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    public_token = models.CharField(max_length=32, unique=True, default=public_token, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemplar or good practice")
        verbose_name_plural = _("exemplars and good practices")
        ordering = ["-recognised_on", "-pk"]
        indexes = [
            models.Index(fields=["-published_at"], name="exemplar_published", condition=Q(published_at__isnull=False)),
            models.Index(fields=["campaign", "unit"], name="exemplar_campaign_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="person", person__isnull=False) | (~Q(kind="person") & Q(person__isnull=True)),
                name="exemplar_person_only_for_person_kind",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:exemplar", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def save(self, *args, **kwargs):
        from units.text import search_text_of

        self.search_text = search_text_of(f"{self.title} {self.description[:300]}")[:600]
        super().save(*args, **kwargs)


class ReplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit__path") | access.reach_q(user, "exemplar__unit__path"))


class Replication(models.Model):
    """A unit that took up an exemplar or a good practice (nhân rộng), and when."""

    exemplar = models.ForeignKey(Exemplar, models.CASCADE, related_name="replications", verbose_name=_("exemplar"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="replications", verbose_name=_("unit"))
    started_on = models.DateField(_("taken up on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["-started_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["exemplar", "unit"], name="replication_one_per_unit")]

    def __str__(self):
        return f"{self.exemplar} — {self.unit}"

