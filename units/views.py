"""Pages of the union tree and the member registry. Every object is loaded through `visible_to`."""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.pages import sections_for
from portal.params import id_param, int_param
from units import access, accounts, membership, services
from units.filters import PersonFilter
from units.forms import (
    MAX_YEAR,
    MIN_YEAR,
    AsOfForm,
    DissolveForm,
    LeaveForm,
    MergeForm,
    MoveForm,
    PersonForm,
    RoleGrantForm,
    TrainingRecordForm,
    UnitForm,
    YearStatsForm,
)
from units.models import ChangeRecord, Person, Placement, RoleAssignment, TrainingRecord, Unit, UnitYearStats, active_on_q, vi_order
from units.paging import COUNT_CAP, SEARCH_MAX_PAGE, SUBQUERY_COUNT_CAP, capped_count, page_of
from units.person_search import person_search_ids


def _with_child_counts(placements, day: datetime.date):
    if day == timezone.localdate():
        # Today's tree is the units' own parent links (unit_move keeps them with the open placements):
        # an index-only count on unit_parent_active_days. Counting placements would read every
        # child's unit row too (20,000 for one page of a province's unions).
        children = Unit.objects.filter(active_on_q(day), parent=OuterRef("unit"))
    else:
        children = Placement.objects.on(day).filter(parent=OuterRef("unit"))
    # COUNT(*), not COUNT(id): the id is not in unit_parent_active_days, and counting it read every child's row.
    counts = children.order_by().values("parent").annotate(n=Count("*")).values("n")
    return (
        placements.select_related("unit__unit_type")
        .annotate(child_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
        .order_by("unit__unit_type__order", vi_order("unit__name"))
    )


TREE_BATCH = 100
# More children than any union has (the largest upper-level unions have about 2,000).
MAX_TREE_START = 1_000_000


def _batch(user, placements, day: datetime.date, start: int):
    """One batch of children (an upper-level union may have 2,000): the rows, and where the next batch starts.
    In a past tree a unit may have moved out of the user's reach since: it is shown, but not as a link."""
    rows = list(_with_child_counts(placements, day)[start : start + TREE_BATCH + 1])
    for row in rows:
        row.reachable = access.unit_in_reach(user, row.unit)
    more_from = start + TREE_BATCH if len(rows) > TREE_BATCH else None
    return rows[:TREE_BATCH], more_from


@login_required
def unit_tree(request):
    form = AsOfForm(request.GET or None)
    day = timezone.localdate()
    query = ""
    if form.is_valid():
        day = form.cleaned_data["as_of"] or day
        query = form.cleaned_data["q"].strip()
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "day": day, "is_today": day == timezone.localdate(), "search": query, "query": params.urlencode()}
    if query:
        units = Unit.objects.visible_to(request.user).search(query).select_related("unit_type", "parent").order_by(vi_order("name"))
        context["page"] = page_of(request, units)
        return render(request, "units/unit_tree.html", context)

    tops = Placement.objects.on(day).filter(access.reach_tops_q(request.user, "unit__path", roots=Q(parent__isnull=True)))
    tops = list(_with_child_counts(tops, day))
    # The first level below each top node is shown open, so the page is useful without a click.
    for top in tops:
        top.reachable = True
        top.open_children, top.more_from = _batch(request.user, services.children_on(top.unit, day), day, 0)
    context["tops"] = tops
    return render(request, "units/unit_tree.html", context)


@login_required
def unit_children(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    form = AsOfForm(request.GET or None)
    day = (form.is_valid() and form.cleaned_data["as_of"]) or timezone.localdate()
    start = int_param(request, "start", default=0, min_value=0, max_value=MAX_TREE_START)
    children, more_from = _batch(request.user, services.children_on(unit, day), day, start)
    context = {"children": children, "more_from": more_from, "parent": unit, "day": day, "is_today": day == timezone.localdate()}
    return render(request, "units/unit_tree.html#children", context)


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("unit_type", "parent", "successor"), pk=pk)
    people_here = Person.objects.current().filter(unit=OuterRef("pk")).order_by().values("unit").annotate(n=Count("*")).values("n")
    # Large upper-level unions have over a thousand CĐCS: page them, and count members per row shown only.
    children = page_of(
        request,
        Unit.objects.filter(parent=unit)
        .select_related("unit_type")
        .annotate(people_count=Coalesce(Subquery(people_here, output_field=IntegerField()), 0))
        .order_by(F("active_until").asc(nulls_first=True), vi_order("name")),
        param="children",
    )
    context = {
        "unit": unit,
        "ancestors": Unit.objects.get_ancestors(unit).filter(access.reach_q(request.user, "path")),
        "children": children,
        "year_stats": unit.year_stats.all()[:10],
        "count_changes": unit.change_records.filter(kind=ChangeRecord.Kind.COUNTS_SAVED).select_related("recorded_by")[:10],
        "people": unit.people.current().select_related("category").order_by(vi_order("full_name"))[:20],
        "people_here": unit.people.current().count(),
        "people_in_subtree": capped_count(Person.objects.current().in_subtree(unit)),
        "count_cap": COUNT_CAP,
        "events": unit.events.select_related("from_parent", "to_parent", "other_unit", "recorded_by")[:20],
        "can_edit_tree": access.can_edit_tree_at(request.user, unit),
        "can_add_child": unit.is_active and access.can_add_child_to(request.user, unit),
        "can_edit_members": access.can_edit_members_at(request.user, unit),
        # What other apps show on a unit's page (its award history): portal/pages.py.
        "sections": sections_for("units.unit", request, unit),
    }
    return render(request, "units/unit_detail.html", context)


def _tree_editable_unit(request, pk) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    if not access.can_edit_tree_at(request.user, unit):
        raise PermissionDenied
    return unit


@login_required
def unit_create(request):
    parent = get_object_or_404(Unit.objects.visible_to(request.user).active(), pk=id_param(request, "parent"))
    if not access.can_add_child_to(request.user, parent):
        raise PermissionDenied
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(unit=form.save(commit=False), parent=parent, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "form_page.html", {"form": form, "cancel_url": parent.get_absolute_url(), "title": _("New unit under %(name)s") % {"name": parent.name}})


@login_required
def unit_edit(request, pk):
    unit = _tree_editable_unit(request, pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, changes={name: form.cleaned_data[name] for name in form.changed_data}, by=request.user)
        except ValidationError as exc:
            form.add_error("active_from", exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(unit)
    return render(request, "form_page.html", {"form": form, "cancel_url": unit.get_absolute_url(), "title": _("Edit %(name)s") % {"name": unit.name}})


def _tree_change(request, pk, form_class, action, template_title, success_message):
    unit = _tree_editable_unit(request, pk)
    if not unit.is_active:
        messages.error(request, _("%(name)s has already ended.") % {"name": unit.name})
        return redirect(unit)
    form = form_class(request.POST or None, user=request.user, unit=unit) if form_class is not DissolveForm else form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(unit, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, success_message % {"name": unit.name, "day": date_format(form.cleaned_data["effective_on"], "SHORT_DATE_FORMAT")})
            return redirect(unit)
    return render(request, "units/unit_change.html", {"form": form, "unit": unit, "title": template_title % {"name": unit.name}})


@login_required
def unit_move(request, pk):
    def move(unit, data):
        services.unit_move(unit=unit, new_parent=data["new_parent"], effective_on=data["effective_on"], by=request.user, note=data["note"])

    return _tree_change(request, pk, MoveForm, move, _("Move %(name)s"), _("%(name)s moved from %(day)s."))


@login_required
def unit_merge(request, pk):
    def merge(unit, data):
        services.unit_merge(unit=unit, into=data["into"], effective_on=data["effective_on"], by=request.user, note=data["note"])

    return _tree_change(request, pk, MergeForm, merge, _("Merge %(name)s into another unit"), _("%(name)s merged from %(day)s."))


@login_required
def unit_dissolve(request, pk):
    def dissolve(unit, data):
        services.unit_dissolve(unit=unit, effective_on=data["effective_on"], by=request.user, note=data["note"])

    return _tree_change(request, pk, DissolveForm, dissolve, _("Dissolve %(name)s"), _("%(name)s dissolved from %(day)s."))


@login_required
def unit_counts(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    if not services.can_save_counts_of(request.user, unit):
        raise PermissionDenied
    year = int_param(request, "year", default=None, min_value=MIN_YEAR, max_value=MAX_YEAR) or timezone.localdate().year
    instance = UnitYearStats.objects.filter(unit=unit, year=year).first() or UnitYearStats(unit=unit, year=year)
    form = YearStatsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.unit_counts_save(
            unit=unit, year=data["year"], members=data["members"], workers=data["workers"], women=data["women"], by=request.user
        )
        messages.success(request, _("Counts for %(year)s saved.") % {"year": data["year"]})
        return redirect(unit)
    return render(request, "units/unit_change.html", {"form": form, "unit": unit, "title": _("Member counts of %(name)s") % {"name": unit.name}})


@login_required
def person_list(request):
    people = Person.objects.visible_to(request.user).select_related("unit", "category", "ethnicity").in_tree_order()
    # Always bound, so that an empty query also gets the default filters (current members only).
    person_filter = PersonFilter(request.GET, queryset=people, user=request.user)
    searching = bool(person_filter.form.is_valid() and person_filter.form.cleaned_data.get("q"))
    # Search results read best by name; they are not counted (it would run the search twice).
    people = person_filter.qs.order_by(vi_order("full_name"), "id") if searching else person_filter.qs
    # Another app's filter may walk to a page of its own (the members awarded X: by the awards' index).
    ids = None if searching else person_filter.page_ids()
    # A common word is read by walking names in order rather than sorting its every match; within
    # one district's area (the user's, or the unit filtered to), that area's names only.
    if searching:
        chosen = person_filter.form.cleaned_data.get("unit")
        area = [chosen.path] if chosen else access.reach_bounds(request.user)
        ids = person_search_ids(person_filter.unsearched_qs, person_filter.form.cleaned_data["q"], area=area)
    # Searches stop at SEARCH_MAX_PAGE pages: past a thousand names, a word more finds the person sooner.
    # Another app's filter (the members awarded X in year Y) is a subquery: counted up to a lower cap.
    cap = SUBQUERY_COUNT_CAP if person_filter.extra_chosen else None
    page = page_of(request, people, counted=not searching, ids=ids, max_page=SEARCH_MAX_PAGE if searching else None, cap=cap)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "units/person_list.html",
        {"filter": person_filter, "page": page, "grouped": not searching, "query": query.urlencode(), "can_add": access.can_import_members(request.user)},
    )


@login_required
def person_detail(request, pk):
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("unit__unit_type", "category", "ethnicity"), pk=pk
    )
    can_edit = access.can_edit_members_at(request.user, person.unit)
    return render(
        request,
        "units/person_detail.html",
        {
            "person": person,
            "trainings": person.trainings.all(),
            "training_changes": person.change_records.select_related("recorded_by")[:20],
            "events": person.events.select_related("from_unit", "to_unit", "recorded_by"),
            "can_edit": can_edit,
            "training_form": TrainingRecordForm() if can_edit else None,
            # What other apps show on a member's page (the award history): portal/pages.py.
            "sections": sections_for("units.person", request, person),
        },
    )


def _person_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in membership.EDITED_FIELDS}


@login_required
def person_create(request):
    initial = {}
    if request.GET.get("unit"):  # loaded first: another district's union is a 404 for everyone
        initial["unit"] = get_object_or_404(Unit.objects.visible_to(request.user), pk=id_param(request, "unit"))
    if not access.can_import_members(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not access.can_edit_members_at(request.user, form.cleaned_data["unit"]):
            raise PermissionDenied
        person = membership.person_create(values=_person_values(form), by=request.user)
        messages.success(request, _("%(name)s saved.") % {"name": person.full_name})
        return redirect(person)
    return render(request, "form_page.html", {"form": form, "cancel_url": reverse("units:person-list"), "title": _("New member")})


def _person_to_edit(request, pk) -> Person:
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not access.can_edit_members_at(request.user, person.unit):
        raise PermissionDenied
    return person


@login_required
def person_edit(request, pk):
    person = _person_to_edit(request, pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    stale = None
    if request.method == "POST" and form.is_valid():
        if not access.can_edit_members_at(request.user, form.cleaned_data["unit"]):
            raise PermissionDenied
        try:
            person = membership.person_update(
                person=person, values=_person_values(form), version=form.cleaned_data["version"] or 0,
                opened=form.cleaned_data["opened"], by=request.user,
            )
        except membership.StaleEdit as exc:
            # Nothing was written: show the record as it is now, with what changed since it was opened.
            stale = str(exc)
            person = _person_to_edit(request, pk)
            form = PersonForm(instance=person, user=request.user)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": person.full_name})
            return redirect(person)
    title = _("Edit %(name)s") % {"name": person.full_name}
    context = {"form": form, "cancel_url": person.get_absolute_url(), "title": title, "stale": stale}
    return render(request, "form_page.html", context, status=409 if stale else 200)


@login_required
def person_leave(request, pk):
    person = _person_to_edit(request, pk)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership.person_leave(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is recorded as having left the union.") % {"name": person.full_name})
            return redirect(person)
    title = _("%(name)s leaves the union") % {"name": person.full_name}
    return render(request, "form_page.html", {"form": form, "cancel_url": person.get_absolute_url(), "title": title})


@login_required
@require_POST
def person_return(request, pk):
    person = _person_to_edit(request, pk)
    try:
        membership.person_return(person=person, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is a current member again.") % {"name": person.full_name})
    return redirect(person)


@login_required
@require_POST
def training_create(request, pk):
    person = _person_to_edit(request, pk)
    form = TrainingRecordForm(request.POST)
    if form.is_valid():
        membership.training_record_add(person=person, values=form.cleaned_data, by=request.user)
        messages.success(request, _("Training record added."))
        return redirect(person)
    return render(
        request,
        "units/person_detail.html",
        {"person": person, "trainings": person.trainings.all(), "can_edit": True, "training_form": form},
        status=400,
    )


@login_required
@require_POST
def training_delete(request, pk):
    record = get_object_or_404(TrainingRecord.objects.visible_to(request.user).select_related("person__unit"), pk=pk)
    if not access.can_edit_members_at(request.user, record.person.unit):
        raise PermissionDenied
    membership.training_record_remove(record=record, by=request.user)
    messages.success(request, _("Training record removed."))
    return redirect(record.person)


@login_required
def unit_suggest(request):
    """Options for a unit-code input: active units in reach whose code or name matches."""
    query = request.GET.get(request.GET.get("field", "unit"), "")
    units = Unit.objects.visible_to(request.user).active()
    if request.GET.get("parents"):
        units = units.filter(unit_type__is_grassroots=False)
    units = units.search(query).order_by(vi_order("name"))[:20] if query.strip() else []
    return render(request, "units/unit_suggestions.html", {"units": units})


@login_required
def role_list(request):
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied
    assignments = RoleAssignment.objects.visible_to(request.user).select_related("user", "unit").order_by("unit__path", "role", "user__username")
    query = request.GET.get("q", "").strip()
    if query:
        assignments = assignments.filter(Q(user__username__icontains=query) | Q(user__first_name__icontains=query))
    page = page_of(request, assignments)
    roles_of = held_roles({assignment.user_id for assignment in page})
    for assignment in page:
        assignment.revocable = access.can_grant_at(request.user, assignment.role, assignment.unit)
        assignment.password_settable = access.can_set_password_of(request.user, assignment.user, roles_of[assignment.user_id])
    role_changes = (
        ChangeRecord.objects.visible_to(request.user)
        .filter(kind__in=[ChangeRecord.Kind.ROLE_GRANTED, ChangeRecord.Kind.ROLE_REVOKED])
        .select_related("recorded_by")[:20]
    )
    context = {"page": page, "search": query, "query": f"q={query}" if query else "", "role_changes": role_changes}
    return render(request, "units/role_list.html", context)


@login_required
def role_grant(request):
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied
    form = RoleGrantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_grant_at(request.user, data["role"], data["unit"]):
            form.add_error("unit", _("You cannot give this role at this unit."))
        else:
            try:
                accounts.role_grant(by=request.user, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(username)s now has the role at %(unit)s.") % {"username": data["username"], "unit": data["unit"].name})
                return redirect("units:role-list")
    return render(request, "form_page.html", {"form": form, "cancel_url": reverse("units:role-list"), "title": _("Give a role")})


class EndsTemporaryPassword:
    """Choosing one's own password (changing it, or from the e-mail link) ends a temporary one an officer set."""

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_chosen_by_owner(self.request, form.user)
        return response


class OwnPasswordChangeView(EndsTemporaryPassword, auth_views.PasswordChangeView):
    pass


class OwnPasswordResetConfirmView(EndsTemporaryPassword, auth_views.PasswordResetConfirmView):
    pass


def held_roles(user_ids) -> dict[int, list[RoleAssignment]]:
    """Every role each of these accounts holds, anywhere (not only in the viewer's reach), in one query."""
    roles = defaultdict(list)
    for held in RoleAssignment.objects.filter(user_id__in=user_ids).select_related("unit"):
        roles[held.user_id].append(held)
    return roles


@login_required
def account_password(request, pk):
    """An officer sets a new password for an account they manage (a chair who forgot theirs and has no e-mail)."""
    in_reach = RoleAssignment.objects.visible_to(request.user).filter(user_id=pk)
    account = get_object_or_404(get_user_model().objects.filter(pk__in=in_reach.values("user_id")))
    if not access.can_set_password_of(request.user, account, held_roles([account.pk])[account.pk]):
        raise PermissionDenied
    form = SetPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.password_set_by_officer(by=request.user, account=account, form=form)
        messages.success(request, _("%(username)s has a new password. Give it to them in person or by phone.") % {"username": account.username})
        return redirect("units:role-list")
    title = _("New password for %(username)s") % {"username": account.username}
    return render(request, "form_page.html", {"form": form, "cancel_url": reverse("units:role-list"), "title": title})


@login_required
@require_POST
def role_revoke(request, pk):
    assignment = get_object_or_404(RoleAssignment.objects.visible_to(request.user).select_related("unit", "user"), pk=pk)
    accounts.role_revoke(by=request.user, assignment=assignment)
    messages.success(request, _("Role taken back from %(username)s.") % {"username": assignment.user.username})
    return redirect("units:role-list")
