"""German form fields: dates typed dd.mm.yyyy, decimals with a comma, whole numbers in range,
and WTForms' messages from our catalogue."""

from flask_babel import format_decimal, gettext, ngettext
from flask_babel import get_translations as get_babel_translations
from markupsafe import Markup
from wtforms import fields
from wtforms.i18n import get_translations
from wtforms.widgets import CheckboxInput, TextInput

from models.core.text import N_
from views.core.formatting import format_date, parse_german_date

# WTForms messages its own German catalogue lacks; listed here so that ours carries them.
WTFORMS_GAPS = (
    N_("Choices cannot be None."),
    N_("Not a valid time value."),
    N_("This field cannot be edited."),
    N_("This field is disabled and cannot have a value."),
)
_WTFORMS_DE = get_translations(["de"])


def _wtforms_plural_gaps():
    """Never called: lists WTForms' plural messages for extraction into our catalogue."""
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 1)


class FormTranslations:
    """WTForms messages from our catalogue first, then WTForms' own German catalogue."""

    def gettext(self, string):
        ours = gettext(string)
        return ours if ours != string else _WTFORMS_DE.gettext(string)

    def ngettext(self, singular, plural, n):
        # The catalogue itself: WTForms fills in the placeholders afterwards.
        ours = get_babel_translations().ngettext(singular, plural, n)
        if ours not in (singular, plural):
            return ours
        return _WTFORMS_DE.ngettext(singular, plural, n)


def keep_typing_errors(validators):
    """`validators` with wtf-peewee's ValueRequired replaced by InputRequired: ValueRequired
    clears the field's errors, so an impossible value ('32.01.2025', 'viel') would only be
    called "required" instead of getting its own message."""
    from wtforms.validators import InputRequired
    from wtfpeewee.orm import ValueRequired

    return [InputRequired() if isinstance(v, ValueRequired) else v for v in validators or []]


class GermanDateField(fields.DateField):
    """A date typed as dd.mm.yyyy; a plain text input with a German placeholder."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        validators = keep_typing_errors(validators)
        kwargs.pop("format", None)
        render_kw = {"placeholder": "TT.MM.JJJJ", "inputmode": "numeric", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, format="%d.%m.%Y", render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return format_date(self.data)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_german_date(valuelist[0])
        except ValueError:
            self.data = None
            message = gettext("Please enter a date as DD.MM.YYYY, e.g. 31.12.2024.")
            raise ValueError(message) from None


class GermanDecimalField(fields.DecimalField):
    """A decimal typed with a comma (12,25) or a point; shown with a comma. NaN, infinities
    and numbers too large for the column get a German message (views/params.py parses)."""

    # A number input would refuse the German comma in the browser.
    widget = TextInput()

    def __init__(self, label=None, validators=None, places=2, max_digits=None, **kwargs):
        validators = keep_typing_errors(validators)
        kwargs.pop("rounding", None)
        self.max_digits = max_digits
        render_kw = {"inputmode": "decimal", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, places=places, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format_decimal(self.data, format="0.00#")

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        from views.core.params import parse_decimal

        self.data = parse_decimal(valuelist[0])
        if self.data is None:
            raise ValueError(gettext("Please enter a number, e.g. 12,25."))
        if self.max_digits is not None and parse_decimal(
                valuelist[0], self.max_digits, self.places) is None:
            self.data = None
            raise ValueError(gettext("This number is too large."))


class WholeNumberField(fields.IntegerField):
    """A whole number in the range its column stores; anything else gets a German message
    instead of reaching the database (views/params.py parses)."""

    def __init__(self, label=None, validators=None, minimum=-(2**31), maximum=2**31 - 1,
                 **kwargs):
        self.minimum, self.maximum = minimum, maximum
        render_kw = {"inputmode": "numeric", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, keep_typing_errors(validators), render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        from views.core.params import parse_int

        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        self.data = parse_int(valuelist[0])
        if self.data is None:
            raise ValueError(gettext("Please enter a whole number, e.g. 90."))
        if not self.minimum <= self.data <= self.maximum:
            self.data = None
            raise ValueError(gettext("This number is too large."))


class CheckboxListWidget:
    """The options of a multiple choice as a group of labelled checkboxes (no Ctrl-click
    list): a group named by the field's label, one checkbox per option."""

    def __call__(self, field, **kwargs):
        items = [Markup('<div class="form-check">{}{}</div>').format(
            option(class_="form-check-input"), option.label(class_="form-check-label"))
            for option in field]
        # Bootstrap shows the field's error text after an element marked is-invalid.
        css = "checkbox-list is-invalid" if field.errors else "checkbox-list"
        return Markup('<div id="{}" class="{}" role="group" aria-label="{}">{}</div>').format(
            field.id, css, field.label.text, Markup("").join(items))


class CheckboxListField(fields.SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = CheckboxListWidget()
    option_widget = CheckboxInput()
