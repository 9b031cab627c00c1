"""Form helpers every app uses: KERN styling and accessible error wiring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _

from kisa.core.models import AuditEntry

# KERN's class for each kind of control; the error variant is the same class with "--error" appended.
_KERN_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "kern-form-check__checkbox"),
    (forms.RadioSelect, "kern-form-check__radio"),
    (forms.CheckboxInput, "kern-form-check__checkbox"),
    (forms.Select, "kern-form-input__select"),  # also SelectMultiple and NullBooleanSelect
    (forms.Textarea, "kern-form-input__input"),
    (Input, "kern-form-input__input"),  # text, number, date, e-mail, file, password, ...
)


def kern_class_for(widget: forms.Widget) -> str | None:
    """The KERN CSS class for `widget`, or None for hidden inputs, which are not styled."""
    if widget.is_hidden:
        return None
    for widget_type, css_class in _KERN_CLASSES:
        if isinstance(widget, widget_type):
            return css_class
    return None


def _add_class(widget: forms.Widget, css_class: str) -> None:
    classes = widget.attrs.get("class", "").split()
    if css_class not in classes:
        widget.attrs["class"] = " ".join([*classes, css_class])


class KisaFormMixin:
    """Give every widget its KERN class, and mark fields with errors in KERN's error style.

    Use it first in the bases of any form, and render the form with the shared partials::

        class KitaForm(KisaFormMixin, forms.ModelForm):
            class Meta:
                model = Kita
                fields = ["name", "number", ...]

        <form method="post">{% csrf_token %}
          {% include "includes/_form.html" %}        {# error summary + every field #}
          <button class="kern-btn kern-btn--primary" type="submit">
            <span class="kern-label">{% translate "Save" %}</span></button>
        </form>

    One field alone: ``{% include "includes/_field.html" with field=form.name %}``.

    Accessibility comes from two places that must agree: Django (5.2) sets ``aria-invalid`` on a field
    with errors and ``aria-describedby="<id>_helptext <id>_error"``; ``_field.html`` renders the hint and
    the error with exactly those ids. So do not set ``aria-describedby`` on a widget yourself (Django then
    keeps yours and drops the error link). Labels come from the model's or field's ``verbose_name``/
    ``label`` (English msgids, translated). Optional fields are marked "optional" next to the label;
    set ``mark_optional_fields = False`` where every field is optional anyway (filter forms).
    """

    fields: dict[str, forms.Field]
    mark_optional_fields = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css_class = kern_class_for(field.widget)
            if css_class:
                _add_class(field.widget, css_class)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        # Widgets are copied per form instance, so marking them here affects this form only.
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)
            css_class = kern_class_for(field.widget) if field else None
            if field and css_class:
                _add_class(field.widget, f"{css_class}--error")


class AuditEntryFilterForm(KisaFormMixin, forms.Form):
    """The audit log's filters. Values are validated by `kisa.core.selectors.audit_filters_from`;
    this form only renders them (it is never bound, so an unknown value shows no error, it is dropped).
    """

    mark_optional_fields = False

    model = forms.ChoiceField(label=_("Record type"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditEntry.Action.choices]
    )
    user = forms.CharField(label=_("Changed by"), required=False, max_length=150)
    q = forms.CharField(label=_("Record name contains"), required=False, max_length=200)

    def __init__(self, *args: Any, record_types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All record types")), *record_types]
