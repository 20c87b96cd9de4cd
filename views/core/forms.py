"""Form plumbing shared by every view: CSRF, German messages, German dates, translated labels."""

from flask_admin.contrib.peewee.form import CustomModelConverter
from flask_admin.model.fields import AjaxSelectField
from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from peewee import BigIntegerField, DateField, DecimalField, IntegerField
from wtforms.validators import StopValidation, ValidationError
from wtfpeewee.fields import ModelSelectField, ModelSelectMultipleField

from views.core.fields import (
    FormTranslations,
    GermanDateField,
    GermanDecimalField,
    WholeNumberField,
)
from views.core.params import INT32, INT64, parse_id, parse_ids


class CheckedModelSelectField(ModelSelectField):
    """A relation picker that looks up a posted value only when it is an id: wtf-peewee
    hands the posted text to the database ('²' fails on PostgreSQL, 2**64 on SQLite)."""

    def get_model(self, pk):
        key = parse_id(pk)
        return None if key is None else super().get_model(key)

    def pre_validate(self, form):
        data = self.data
        if data is not None and not isinstance(data, self.model) and parse_id(data) is None:
            raise ValidationError(self.gettext("Not a valid choice."))
        super().pre_validate(form)


class CheckedModelSelectMultipleField(ModelSelectMultipleField):
    """The same for pickers of several records."""

    def get_model_list(self, pk_list):
        return super().get_model_list(parse_ids(pk_list))


class PickerField(AjaxSelectField):
    """An autocomplete picker (views.core.queries.ScopedAjaxLoader): a posted id the user may
    not pick, or none where one is required, is refused at the field in German."""

    def pre_validate(self, form):
        # Stop here: the required validator would replace the message with its own. An empty
        # field is left to the field's validators ('required' or the domain's message).
        if self.data is None and self._formdata:
            raise StopValidation(gettext("Please choose an entry the list offers."))


class SecureForm(FlaskForm):
    """Every form of the panel: Flask-WTF CSRF token, messages in German."""

    class Meta:
        def get_translations(self, form):
            return FormTranslations()

    def __init__(self, formdata=None, obj=None, prefix="", **kwargs):
        self._obj = obj
        super().__init__(formdata=formdata, obj=obj, prefix=prefix, **kwargs)


class GermanModelConverter(CustomModelConverter):
    """Model fields become form fields with translated labels, choices and German dates."""

    def __init__(self, view, additional=None):
        super().__init__(view, additional)
        self.converters[DateField] = self.handle_german_date
        self.converters[DecimalField] = self.handle_german_decimal
        # After the primary key's converter (an AutoField is an IntegerField too), and the
        # BigIntegerField's before the IntegerField's (it is one).
        self.converters[BigIntegerField] = self.handle_big_integer
        self.converters[IntegerField] = self.handle_integer

    def convert(self, model, field, field_args):
        field_args = dict(field_args or {})
        field_args.setdefault("label", lazy_gettext(field.verbose_name))
        if isinstance(field, DecimalField) and field.name in self.overrides:
            field_args.setdefault("max_digits", field.max_digits)
            field_args.setdefault("places", field.decimal_places)
        if field.choices and "choices" not in field_args:
            field_args["choices"] = [(value, lazy_gettext(label)) for value, label in field.choices]
        return super().convert(model, field, field_args)

    def handle_foreign_key(self, model, field, **kwargs):
        loader = getattr(self.view, "_form_ajax_refs", {}).get(field.name)
        if loader is not None:
            return field.name, PickerField(loader, allow_blank=field.null, **kwargs)
        name, picker = super().handle_foreign_key(model, field, **kwargs)
        if getattr(picker, "field_class", None) is ModelSelectField:
            picker.field_class = CheckedModelSelectField
        elif getattr(picker, "field_class", None) is ModelSelectMultipleField:
            picker.field_class = CheckedModelSelectMultipleField
        return name, picker

    def handle_german_date(self, model, field, **kwargs):
        return field.name, GermanDateField(**kwargs)

    def handle_german_decimal(self, model, field, **kwargs):
        kwargs.setdefault("max_digits", field.max_digits)
        kwargs.setdefault("places", field.decimal_places)
        return field.name, GermanDecimalField(**kwargs)

    def handle_integer(self, model, field, **kwargs):
        return field.name, WholeNumberField(minimum=INT32[0], maximum=INT32[1], **kwargs)

    def handle_big_integer(self, model, field, **kwargs):
        return field.name, WholeNumberField(minimum=INT64[0], maximum=INT64[1], **kwargs)


class PostedForm(SecureForm):
    """A SecureForm that reads the posted data by itself (like FlaskForm does)."""

    def __init__(self, formdata=_Auto, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
