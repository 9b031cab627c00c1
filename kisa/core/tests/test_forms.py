"""KisaFormMixin and the shared field partial: KERN classes and errors tied to their fields."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from kisa.core.forms import KisaFormMixin


class SampleForm(KisaFormMixin, forms.Form):
    name = forms.CharField(label="Name", help_text="Where it is used.")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    days = forms.MultipleChoiceField(
        label="Days",
        choices=[("1", "Mon"), ("2", "Tue")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    active = forms.BooleanField(label="Active", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def test_mixin_gives_each_widget_its_kern_class() -> None:
    form = SampleForm()

    classes = {name: field.widget.attrs.get("class") for name, field in form.fields.items()}

    assert classes == {
        "name": "kern-form-input__input",
        "kind": "kern-form-input__select",
        "days": "kern-form-check__checkbox",
        "active": "kern-form-check__checkbox",
        "token": None,
    }


def test_mixin_marks_only_fields_with_errors() -> None:
    form = SampleForm(data={"name": "", "kind": "a"})

    assert not form.is_valid()
    assert form.fields["name"].widget.attrs["class"] == "kern-form-input__input kern-form-input__input--error"
    assert form.fields["kind"].widget.attrs["class"] == "kern-form-input__select"


def test_field_partial_ties_hint_and_error_to_the_input() -> None:
    form = SampleForm(data={"name": "", "kind": "a"})
    form.is_valid()

    html = render_to_string("includes/_field.html", {"field": form["name"]})

    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name_error"' in html
    assert form.errors["name"][0] in html
    assert 'class="kern-form-input kern-form-input--error"' in html


def test_field_partial_renders_select_in_kern_wrapper_and_marks_optional_fields() -> None:
    form = SampleForm()

    select_html = render_to_string("includes/_field.html", {"field": form["kind"]})
    days_html = render_to_string("includes/_field.html", {"field": form["days"]})

    assert '<div class="kern-form-input__select-wrapper"><select name="kind"' in select_html
    assert "kern-label__optional" not in select_html
    assert "<fieldset" in days_html and "kern-label__optional" in days_html
    assert (
        'id="id_days_0"' in days_html and '<label class="kern-label" for="id_days_0">Mon</label>' in days_html
    )


def test_form_partial_summarises_errors_with_links_to_fields() -> None:
    form = SampleForm(data={"name": "", "kind": "zzz"})
    form.is_valid()

    html = render_to_string("includes/_form.html", {"form": form})

    assert 'role="alert"' in html
    assert '<a href="#id_name">Name: ' in html
    assert '<a href="#id_kind">Kind: ' in html
    assert '<input type="hidden" name="token"' in html


def test_error_summary_links_a_checkbox_group_to_its_fieldset() -> None:
    class WeekdayForm(forms.Form):
        weekdays = forms.MultipleChoiceField(
            label="Wochentage", choices=[("1", "Mo"), ("2", "Di")], widget=forms.CheckboxSelectMultiple
        )

    form = WeekdayForm(data={})
    form.is_valid()

    html = render_to_string("includes/_form.html", {"form": form})

    assert '<a href="#id_weekdays">' in html
    assert html.count('id="id_weekdays"') == 1
    assert '<fieldset id="id_weekdays"' in html
