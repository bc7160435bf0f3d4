"""The award ledger: the catalogue of award forms and types, the base-salary table, decisions with
their awardees, the per-unit numbering counter and the award fund.

A decision is a legal document: once issued it is never edited (awards.services refuses, and so do
the pages and the admin); a correction is a new decision that cancels or amends it, whole or some
awardees. Each Award row is one line of the award history that the rules, KPIs, certificates and
the honour board read. See docs/decisions/0028-award-ledger.md."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.states import Machine
from units import access
from units.models import Person, Unit, UnitType
from units.text import match_key


def alias_keys(name: str, code: str, aliases: str) -> set[str]:
    """The match keys under which a catalogue row is known in imports: its name, code and aliases."""
    return {k for k in (match_key(v) for v in [name, code, *aliases.splitlines()]) if k}


class Scope(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuals")
    COLLECTIVE = "collective", _("Collectives")
    BOTH = "both", _("Individuals and collectives")


class AwardForm(models.Model):
    """A title or award form (Lao động tiên tiến, Bằng khen of the province, …): configurable."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("awarded to"), max_length=12, choices=Scope.choices, default=Scope.BOTH)
    granting_unit_types = models.ManyToManyField(
        UnitType, blank=True, related_name="+", verbose_name=_("unit types that may grant it")
    )
    is_yearly_title = models.BooleanField(
        _("yearly title"), default=False, help_text=_("Awarded once a year at the yearly review; otherwise at any time.")
    )
    vote_threshold = models.DecimalField(
        _("council vote threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Share of all council members that must vote for it; empty when no vote is needed."),
    )
    prize_multiplier = models.DecimalField(
        _("prize multiplier"), max_digits=5, decimal_places=2, default=0,
        help_text=_("Prize = multiplier × base salary in force on the decision date."),
    )
    collective_prize_multiplier = models.DecimalField(
        _("prize multiplier for a collective"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Empty: the same as for an individual."),
    )
    once_per_person = models.BooleanField(_("once per person"), default=False)
    certificate_heading = models.CharField(
        _("certificate heading"), max_length=60, blank=True, help_text=_("E.g. BẰNG KHEN or GIẤY KHEN; empty when no certificate is printed.")
    )
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One per line: how past spreadsheets write it (accents and case do not matter).")
    )
    # The code under which the campaigns app's registration titles name this form (matched by code,
    # so that awards never imports campaigns).
    title_code = models.CharField(_("registration title code"), max_length=60, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")

    def __str__(self):
        return self.name

    @property
    def for_individuals(self) -> bool:
        return self.scope in (Scope.INDIVIDUAL, Scope.BOTH)

    @property
    def for_collectives(self) -> bool:
        return self.scope in (Scope.COLLECTIVE, Scope.BOTH)

    def multiplier_for(self, *, collective: bool):
        if collective and self.collective_prize_multiplier is not None:
            return self.collective_prize_multiplier
        return self.prize_multiplier

    def match_keys(self) -> set[str]:
        return alias_keys(self.name, self.code, self.aliases)


class AwardType(models.Model):
    """Why an award is given (yearly review, thematic, ad-hoc, …), orthogonal to its form."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    counts_towards_chains = models.BooleanField(
        _("counts towards consecutive years"), default=False,
        help_text=_("Ad-hoc and thematic awards do not count towards “N consecutive years” of a title."),
    )
    needs_benefit_value = models.BooleanField(_("records the initiative's benefit value"), default=False)
    is_employer_award = models.BooleanField(
        _("given by the employer"), default=False, help_text=_("Recorded by the grassroots union; the decision is the employer's.")
    )
    aliases = models.TextField(_("other names"), blank=True, help_text=_("One per line: how past spreadsheets write it."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("award type")
        verbose_name_plural = _("award types")

    def __str__(self):
        return self.name

    def match_keys(self) -> set[str]:
        return alias_keys(self.name, self.code, self.aliases)


class BaseSalary(models.Model):
    """The base salary (lương cơ sở) from a day on, with the rounding of award money then in force."""

    valid_from = models.DateField(_("in force from"), unique=True)
    amount = models.PositiveBigIntegerField(_("base salary (đồng)"))
    rounding_step = models.PositiveIntegerField(
        _("rounding step (đồng)"), default=10_000, help_text=_("Each prize is rounded up to a multiple of this amount.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        constraints = [models.CheckConstraint(condition=Q(rounding_step__gte=1), name="base_salary_step_positive")]

    def __str__(self):
        return f"{self.amount:,} đ ({self.valid_from:%d/%m/%Y})".replace(",", ".")


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


DECISION = Machine("decision", moves={(DecisionState.DRAFT, DecisionState.ISSUED)}, labels=dict(DecisionState.choices))


class Correction(models.TextChoices):
    CANCEL = "cancel", _("Cancels")
    AMEND = "amend", _("Amends")


class Source(models.TextChoices):
    PORTAL = "portal", _("Made in the portal")
    IMPORT = "import", _("Imported from a spreadsheet")


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Whoever reaches the issuing unit (its unit and those above) sees its decisions, drafts
        included; once issued, also whoever reaches an awardee's unit (that unit and those above)."""
        # Said first: an empty Q() (whoever sees everything) ORed with a condition is that condition.
        if access.reaches_whole_tree(user):
            return self
        return self.filter(
            access.reach_q(user, "issuing_path")
            | (Q(state=DecisionState.ISSUED) & access.area_reach_q(user, "awardees_area", "awards__unit__path"))
        )

    def issued(self):
        return self.filter(state=DecisionState.ISSUED)


class Decision(models.Model):
    """A decision on awards (quyết định khen thưởng): number and symbol, date, signer, legal basis."""

    issuing_unit = models.ForeignKey(Unit, models.PROTECT, related_name="award_decisions", verbose_name=_("issuing unit"))
    # An employer's decision recorded by the grassroots union: the employer's name; the union's own
    # counter does not number it.
    issuer_name = models.CharField(
        _("issued by (employer)"), max_length=255, blank=True, help_text=_("Only for awards given by the employer: its name.")
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True, help_text=_("E.g. QĐ-LĐLĐ"))
    year = models.PositiveSmallIntegerField(_("year of the number"))
    decided_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=500, blank=True, help_text=_("E.g. Về việc khen thưởng …"))
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True, help_text=_("One line per document (Căn cứ …)."))
    state = models.CharField(_("state"), max_length=10, choices=DecisionState.choices, default=DecisionState.DRAFT)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PORTAL)
    corrects = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("corrects decision")
    )
    correction = models.CharField(_("correction"), max_length=10, choices=Correction.choices, blank=True)
    # The awards of the corrected decision that this one cancels (for an amendment: replaces with its
    # own awards); set on the old awards' `cancelled_by` when this decision is issued.
    cancelled_awards = models.ManyToManyField(
        "Award", blank=True, related_name="cancelling_decisions", verbose_name=_("awards it cancels")
    )
    confirmed_over_budget = models.PositiveBigIntegerField(
        _("over the fund by (confirmed)"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # The background job that makes the issued PDF (awards.tasks_documents), started when the decision
    # is issued, or again by a keeper's Retry: the decision's pages follow it until the PDF is kept.
    pdf_job = models.ForeignKey("jobs.Job", models.SET_NULL, null=True, blank=True, editable=False, related_name="+")
    # Where the decision reaches, for the scoping of the list (awards.decision_areas, decision 36): the issuing
    # unit's path, and the path of the lowest unit above every union its awards belong to ("" until issued).
    issuing_path = models.CharField(max_length=255, editable=False, default="")
    awardees_area = models.CharField(max_length=255, editable=False, default="")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number"], condition=Q(number__isnull=False) & Q(issuer_name=""),
                name="decision_number_unique_per_unit_year",
            ),
            models.CheckConstraint(
                condition=(Q(corrects__isnull=True) & Q(correction="")) | (Q(corrects__isnull=False) & ~Q(correction="")),
                name="decision_correction_with_kind",
            ),
            models.CheckConstraint(condition=~Q(state="issued") | Q(number__isnull=False) | ~Q(issuer_name=""), name="decision_issued_numbered"),
        ]
        indexes = [
            models.Index(fields=["issuing_unit", "year", "state"], name="decision_unit_year"),
            models.Index(fields=["decided_on"], name="decision_day"),
            # The few drafts, for "issued" read as "not a draft" where a join to every decision would cost
            # more than the list it filters (awards.filters.people_awarded).
            models.Index(fields=["id"], name="decision_drafts", condition=Q(state="draft")),
            # visible_to: "issued in my area" and "awarding only my area" as index ranges (the "C" collation of
            # migration 0008 lets a plain btree serve the prefix), or'd in one bitmap; the few decisions whose
            # awardees' area lies above the user get the exact test.
            models.Index(fields=["issuing_path"], name="decision_issuing_path"),
            models.Index(fields=["awardees_area"], name="decision_awardees_area"),
        ]

    def __str__(self):
        return self.reference or _("Draft decision of %(unit)s") % {"unit": self.issuing_unit.display_name}

    def get_absolute_url(self):
        return reverse("awards:decision-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """"125/QĐ-LĐLĐ": the number and symbol as written on the document, or empty before numbering."""
        if self.number is None:
            return ""
        return f"{self.number}/{self.symbol}" if self.symbol else str(self.number)

    @property
    def is_draft(self) -> bool:
        return self.state == DecisionState.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.state == DecisionState.ISSUED

    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    def clean(self):
        if self.corrects_id and self.corrects_id == self.pk:
            raise ValidationError({"corrects": _("A decision cannot correct itself.")})


class DecisionCounter(models.Model):
    """The last number an issuing unit gave in a year. Numbers are taken under a row lock
    (select_for_update in awards.services.number_take), never as max()+1, so two officers issuing at
    the same moment get two numbers."""

    issuing_unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuing_unit", "year"], name="decision_counter_unique")]

    def __str__(self):
        return f"{self.issuing_unit_id}/{self.year}: {self.last_number}"


def new_token() -> str:
    """The unguessable key of an award's public verification page (the certificate's QR code)."""
    return secrets.token_urlsafe(18)


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """As its decision: the issuing unit's reach sees drafts too; an issued award is also seen
        from the awardee's unit and the units above it."""
        if access.reaches_whole_tree(user):
            return self
        return self.filter(
            access.reach_q(user, "decision__issuing_unit__path")
            | (Q(decision__state=DecisionState.ISSUED) & access.reach_q(user, "unit__path"))
        )

    def in_force(self):
        """Issued and not cancelled by a later decision: what the history, rules and KPIs count."""
        return self.filter(decision__state=DecisionState.ISSUED, cancelled_by__isnull=True)


class Award(models.Model):
    """One awardee of a decision: a person from the registry or a unit, with form, type, year,
    citation and prize. The history's line, the certificate's content and the QR code's target."""

    decision = models.ForeignKey(Decision, models.CASCADE, related_name="awards", verbose_name=_("decision"))
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("person"), db_index=False)
    collective = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="collective_awards", verbose_name=_("collective"), db_index=False
    )
    # The union the award belongs to: the person's union when it was recorded, or the collective.
    # Scoping and the unit page's history go by it.
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="awards", verbose_name=_("unit"))
    # Where the awardee is now: the person's unit path (their union today, kept in step with their moves and
    # the tree's by awards.awardee_paths), or the collective's path. The member list's award filter reads the
    # awards of one area as one index range by it, instead of every award of the form in the country.
    awardee_path = models.CharField(max_length=255, editable=False, default="")
    # As printed on the certificate; copied when added and again when the decision is issued.
    awardee_name = models.CharField(_("awardee"), max_length=255)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    form = models.ForeignKey(AwardForm, models.PROTECT, related_name="awards", verbose_name=_("award form"))
    award_type = models.ForeignKey(AwardType, models.PROTECT, related_name="awards", verbose_name=_("award type"))
    year = models.PositiveSmallIntegerField(_("year"))
    citation = models.TextField(_("citation"), blank=True)
    # In đồng; computed while the decision is a draft, frozen when it is issued (a later change of the
    # catalogue or the base salary never rewrites it).
    prize_amount = models.PositiveBigIntegerField(_("prize (đồng)"), default=0)
    benefit_value = models.PositiveBigIntegerField(_("benefit value of the initiative (đồng)"), null=True, blank=True)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    published = models.BooleanField(_("on the honour board"), default=False)
    # Set when a later decision that cancels or amends this award is issued.
    cancelled_by = models.ForeignKey(
        Decision, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cancelled by")
    )
    # In an amending decision: the earlier award this one replaces.
    replaces = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "order", "id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(collective__isnull=True)) | (Q(person__isnull=True) & Q(collective__isnull=False)),
                name="award_person_or_collective",
            ),
            models.UniqueConstraint(fields=["decision", "person", "form"], condition=Q(person__isnull=False), name="award_once_per_person_form"),
            models.UniqueConstraint(fields=["decision", "collective", "form"], condition=Q(collective__isnull=False), name="award_once_per_collective_form"),
        ]
        indexes = [
            # The history of many people at once (awards.history): person, then year.
            models.Index(fields=["person", "year"], name="award_person_year", condition=Q(person__isnull=False)),
            models.Index(fields=["collective", "year"], name="award_collective_year", condition=Q(collective__isnull=False)),
            # The unit page's list and the scoping of awards by the awardee's unit.
            models.Index(fields=["unit", "year"], name="award_unit_year"),
            # The member list's filter "awarded form X in year Y" / "awarded in year Y": the awards not cancelled
            # of one area (a prefix of the awardee's path), read from the index alone in the path's order, which
            # is the list's tree order (units' paths compare byte by byte: the "C" collation of migration 0007,
            # as on people's unit_path, so one plain btree serves both the prefix and the order). The list walks
            # these in order and fetches each awardee by id: its cost follows the page, not the area (decision
            # 34). The decision's id is beside them, to leave out drafts' awards.
            models.Index(fields=["form", "year", "awardee_path"], name="award_form_year_area", include=["person", "decision"],
                         condition=Q(person__isnull=False, cancelled_by__isnull=True)),
            models.Index(fields=["year", "awardee_path"], name="award_year_area", include=["person", "decision"],
                         condition=Q(person__isnull=False, cancelled_by__isnull=True)),
        ]

    def __str__(self):
        return f"{self.awardee_name} · {self.form} {self.year}"

    @property
    def is_collective(self) -> bool:
        return self.collective_id is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_by_id is not None


class AwardFundQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "unit__path"))


class AwardFund(models.Model):
    """The award fund (quỹ khen thưởng) of an issuing unit for a year; decisions show what remains."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="award_funds", verbose_name=_("issuing unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.PositiveBigIntegerField(_("budget (đồng)"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AwardFundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit"]
        verbose_name = _("award fund")
        verbose_name_plural = _("award funds")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="award_fund_unique")]

    def __str__(self):
        return f"{self.unit} {self.year}"


# The issued decision's PDF and its signature (awards/documents): registered with the app from here.
from awards.documents.models import DecisionDocument, SignatureKind  # noqa: E402,F401
