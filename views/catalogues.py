"""Catalogues administrators keep: districts by postcode."""



from views.core.base import FallakteModelView


class DistrictView(FallakteModelView):
    """The postcode → district catalogue; administrators extend it."""

    column_list = ("country", "postcode", "name")
    column_searchable_list = ("postcode", "name")
    column_filters = ("country", "postcode")
    form_columns = ("country", "postcode", "name")
