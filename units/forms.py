from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from units import access
from units.membership import opened_stamp
from units.models import LeftReason, Person, RoleAssignment, TrainingRecord, Unit, UnitYearStats, vi_order


class DayInput(forms.DateInput):
    """dd/mm/yyyy text input: phones' native date pickers submit ISO dates in a format users can't read back."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})},
            format="%d/%m/%Y",
        )


class UnitCodeInput(forms.TextInput):
    """A unit typed by code, with suggestions fetched as the user types: a select of every unit
    would carry a thousand options for a province and 135,000 nationally."""

    template_name = "units/widgets/unit_code_input.html"

    def __init__(self, attrs=None, *, parents_only=False):
        super().__init__(attrs)
        self.parents_only = parents_only  # suggest only units that can have units under them

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        context["widget"]["suggest_url"] = reverse("units:suggest") + ("?parents=1" if self.parents_only else "")
        context["widget"]["current"] = getattr(self, "current_label", "")
        return context


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "unit_type", "sector", "address", "active_from"]
        widgets = {"active_from": DayInput()}


def tree_target_choices(user, exclude: Unit | None = None):
    """Units that can receive others: visible, active, above grassroots level (a short list even nationally)."""
    units = Unit.objects.visible_to(user).active().filter(unit_type__is_grassroots=False)
    if exclude is not None:
        units = units.exclude(path__startswith=exclude.path)
    return units.select_related("unit_type").order_by("path")


class MoveForm(forms.Form):
    new_parent = forms.CharField()  # a UnitByCodeField, set up in __init__ (the class is defined below)
    effective_on = forms.DateField(label=_("Effective from"), widget=DayInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Reason / decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        field = UnitByCodeField(
            label=_("Code of the new parent unit"),
            help_text=_("Type a code or a name: the unions above grassroots level in your area are suggested."),
            widget=UnitCodeInput(parents_only=True, attrs={"placeholder": _("unit code or name")}),
        )
        field.units = tree_target_choices(user, exclude=unit)
        self.fields["new_parent"] = field


class UnitByCodeField(forms.CharField):
    """A unit typed by its code, resolved within the user's reach (an unknown or unreachable code reads the same)."""

    def __init__(self, *args, **kwargs):
        self.units = Unit.objects.none()
        super().__init__(*args, max_length=40, **kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        unit = self.units.filter(code__iexact=code).first()
        if unit is None:
            raise forms.ValidationError(_("No unit with code %(code)s in your area.") % {"code": code})
        return unit


class MergeForm(forms.Form):
    into = UnitByCodeField(
        label=_("Code of the unit it merges into"),
        help_text=_("Units under the same parent are suggested as you type; any unit in your area can be given by its code."),
    )
    effective_on = forms.DateField(label=_("Effective from"), widget=DayInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Reason / decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].units = Unit.objects.visible_to(user).active().exclude(path__startswith=unit.path)
        self.fields["into"].widget.attrs["list"] = "merge-targets"
        self.suggestions = (
            Unit.objects.visible_to(user).active().filter(parent_id=unit.parent_id).exclude(pk=unit.pk).order_by(vi_order("name"))[:200]
        )


class LeaveForm(forms.Form):
    on = forms.DateField(label=_("Left the union on"), widget=DayInput(), initial=timezone.localdate)
    reason = forms.ChoiceField(label=_("Reason"), choices=LeftReason.choices)


class DissolveForm(forms.Form):
    effective_on = forms.DateField(
        label=_("Ended on"), widget=DayInput(), initial=timezone.localdate,
        help_text=_("Members still in this union are recorded as having left the union on this day: "
                    "move those who join another union first."),
    )
    note = forms.CharField(label=_("Reason / decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


MIN_YEAR, MAX_YEAR = 2000, 2100


# More people than any union has (the whole country has about 11 million members): the bound a
# typing slip meets, rather than the database's own limit (2,147,483,647, or 2^63-1 on SQLite).
MAX_HEADCOUNT = 100_000_000


class YearStatsForm(forms.ModelForm):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    members = forms.IntegerField(label=capfirst(_("union members")), min_value=0, max_value=MAX_HEADCOUNT)
    workers = forms.IntegerField(label=capfirst(_("workers (CNVCLĐ)")), min_value=0, max_value=MAX_HEADCOUNT)
    women = forms.IntegerField(label=capfirst(_("of which women")), min_value=0, max_value=MAX_HEADCOUNT)

    class Meta:
        model = UnitYearStats
        fields = ["year", "members", "workers", "women"]

    def clean(self):
        data = super().clean()
        if data.get("women") is not None and data.get("workers") is not None and data["women"] > data["workers"]:
            self.add_error("women", _("Women cannot outnumber the workers."))
        return data


citizen_id_validator = RegexValidator(r"^\d{12}$", _("A citizen ID (CCCD) has exactly 12 digits."))


class PersonForm(forms.ModelForm):
    citizen_id = forms.CharField(
        label=_("Citizen ID (CCCD)"), required=False, max_length=12, validators=[citizen_id_validator]
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "sex",
            "date_of_birth",
            "ethnicity",
            "citizen_id",
            "unit",
            "job_title",
            "category",
            "union_post",
            "works_on_emulation",
        ]
        widgets = {"date_of_birth": DayInput()}

    # The version the form was opened at, and the values then (units.membership.person_update).
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    opened = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["opened"] = opened_stamp(self.instance)
        units = Unit.objects.visible_to(user).active()
        if self.instance.pk:
            units = Unit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=self.instance.unit_id))
        field = self.fields["unit"]
        field.queryset = units
        field.to_field_name = "code"
        field.widget = UnitCodeInput(attrs={"placeholder": _("unit code or name")})
        field.help_text = _("Type the unit code, or part of its name to get suggestions.")
        field.error_messages["invalid_choice"] = _("No unit with this code in your area.")
        current = self.initial.get("unit")
        if not isinstance(current, Unit) and self.instance.unit_id:
            current = self.instance.unit
        if current is None and not self.instance.pk and not self.is_bound:
            # A chair has one union: a new member goes there, without typing its code.
            only = list(units[:2])
            if len(only) == 1:
                current = only[0]
                field.help_text = _("Your union: %(name)s.") % {"name": current.name}
        if isinstance(current, Unit):
            self.initial["unit"] = current.code
            field.widget.current_label = current.name

    def clean_citizen_id(self):
        value = (self.cleaned_data.get("citizen_id") or "").strip()
        if value and Person.objects.exclude(pk=self.instance.pk).filter(citizen_id=value).exists():
            raise forms.ValidationError(_("Another person already has this citizen ID."))
        return value or None

    def clean_date_of_birth(self):
        day = self.cleaned_data.get("date_of_birth")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return day


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "organiser", "held_on", "attended"]
        widgets = {"held_on": DayInput()}


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("Tree as of"), required=False, widget=DayInput())
    q = forms.CharField(label=_("Search units"), required=False)


class RoleGrantForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
        help_text=_("An existing account, or a new one (for example chutich.cdcs-him-lam)."),
    )
    full_name = forms.CharField(label=_("Full name (new account)"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail (new account)"), required=False)
    password = forms.CharField(
        label=_("First password (new account)"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("The person changes it after logging in."),
    )
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), to_field_name="code")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = access.grantable_roles(user)
        self.fields["role"].choices = [(role, label) for role, label in RoleAssignment.ROLE_CHOICES if role in allowed]
        field = self.fields["unit"]
        field.queryset = Unit.objects.visible_to(user).active()
        field.widget = UnitCodeInput(attrs={"placeholder": _("unit code or name")})
        field.error_messages["invalid_choice"] = _("No unit with this code in your area.")
