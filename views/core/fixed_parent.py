"""Edit forms of rows that belong to a parent record (a participation, a care case): the parent
is shown, not offered for change. The domain refuses a move too (models.base.refuse_move)."""

from markupsafe import Markup
from wtforms.fields import Field


class ShownValue:
    """A read-only text input: labelled like any field, submitted data are ignored."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        return Markup('<input type="text" readonly id="{}" class="{}" value="{}">').format(
            kwargs["id"], kwargs.get("class", "form-control"), field._value())


class ShownValueField(Field):
    """The record's value, shown read-only; whatever is posted changes nothing."""

    widget = ShownValue()

    def process_formdata(self, valuelist):
        """Ignore posted data: the value stays the record's."""

    def populate_obj(self, obj, name):
        """Set nothing."""

    def _value(self):
        return "" if self.data is None else str(self.data)


class FixedParentMixin:
    """For views whose rows stay with their parent: `parent_field` is read-only when editing."""

    parent_field = "participation"

    def get_edit_form(self):
        form_class = super().get_edit_form()
        shown = ShownValueField(self.get_column_name(self.parent_field))
        # Where the picker stood, not at the end of the form.
        shown.creation_counter = getattr(form_class, self.parent_field).creation_counter
        setattr(form_class, self.parent_field, shown)
        return form_class
