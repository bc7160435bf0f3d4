"""The portal's file input: a button-like label "Chọn tệp…" and the chosen file's name, in the page's
language, instead of the browser's own "Choose File / No file chosen". The native input stays in the
page (visually hidden, still focusable and labelled), so forms and screen readers work as before."""

from django import forms


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
