"""The portal's widgets and the form renderer.

The file input: a button-like label "Chọn tệp…" and the chosen file's name, in the page's
language, instead of the browser's own "Choose File / No file chosen". The native input stays in the
page (visually hidden, still focusable and labelled), so forms and screen readers work as before.
The renderer (settings.FORM_RENDERER) writes selects out in Python, the same markup as the templates."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext


class FileInput(forms.Widget):
    # Not a forms.FileInput subclass on purpose: crispy-forms renders those with its own markup and the
    # browser's button; as a plain widget it renders this template and keeps the field's label and errors.
    template_name = "portal/widgets/file_input.html"
    input_type = "file"
    needs_multipart_form = True

    def format_value(self, value):
        return None  # a file input never shows a value back

    def value_from_datadict(self, data, files, name):
        return files.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in files

    def use_required_attribute(self, initial):
        return super().use_required_attribute(initial) and not initial

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        classes = context["widget"]["attrs"].pop("class", "")
        context["widget"]["invalid"] = "is-invalid" in classes.split()
        # The chosen file's name is read out with the field.
        chosen = f"{context['widget']['attrs'].get('id', name)}_chosen"
        described = context["widget"]["attrs"].get("aria-describedby", "")
        context["widget"]["attrs"]["aria-describedby"] = f"{described} {chosen}".strip()
        return context


class Renderer(TemplatesSetting):
    """Django's TemplatesSetting renderer (widgets drawn from the project's templates too), except that a
    select whose options use the stock option template is written out here in Python: the same markup as
    django/forms/widgets/select.html with the project's select_option.html (Django's empty choice in words),
    without a template include per option. The member list's filters have about 130 options (units,
    ethnicities, categories): through the templates they cost 15–30 ms a page (decision 0026)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT_TEMPLATE else None
        if widget is None or any(
            option["template_name"] != OPTION_TEMPLATE for _, options, _ in widget["optgroups"] for option in options
        ):
            return super().render(template_name, context, request)
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        choose = None
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                label = option["label"]
                if label == "---------" and option["value"] == "":
                    label = choose = choose or gettext("— Choose —")
                parts.append(f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                             f"{conditional_escape(label)}</option>")
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )
