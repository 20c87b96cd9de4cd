"""Peewee field types the domain needs beyond the built-in ones."""

from peewee import TextField


class ChoiceListField(TextField):
    """Several codes of a choice list, stored comma-separated ('a,b'), read as a list."""

    def db_value(self, value):
        if not value:
            return ""
        return ",".join(sorted(set(value)))

    def python_value(self, value):
        return [code for code in (value or "").split(",") if code]
