from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    email = forms.BooleanField(
        label=_("Also send my notices by e-mail"),
        required=False,
        help_text=_("Notices always show under the bell in the portal."),
    )
