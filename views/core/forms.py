"""Form plumbing shared by every view: CSRF, German messages, German dates, translated labels."""

from flask_admin.contrib.peewee.form import CustomModelConverter
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from peewee import DateField

from views.core.formatting import FormTranslations, GermanDateField


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

    def convert(self, model, field, field_args):
        field_args = dict(field_args or {})
        field_args.setdefault("label", lazy_gettext(field.verbose_name))
        if field.choices and "choices" not in field_args:
            field_args["choices"] = [(value, lazy_gettext(label)) for value, label in field.choices]
        return super().convert(model, field, field_args)

    def handle_german_date(self, model, field, **kwargs):
        return field.name, GermanDateField(**kwargs)


class PostedForm(SecureForm):
    """A SecureForm that reads the posted data by itself (like FlaskForm does)."""

    def __init__(self, formdata=_Auto, **kwargs):
        super().__init__(formdata=formdata, **kwargs)
