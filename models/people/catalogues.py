"""Catalogues administrators maintain: districts by postcode, countries."""

import gettext
import re
from functools import cache

import pycountry
from peewee import CharField

from models.core.base import VersionedModel
from models.core.text import N_, plain

UNKNOWN_COUNTRY = "XX"
DOMESTIC_COUNTRIES = ("AT", "DE")
EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()  # noqa: SIM905
)
POSTCODE_PATTERNS = {"AT": re.compile(r"^[1-9]\d{3}$"), "DE": re.compile(r"^\d{5}$")}
RESIDENCE_COUNTRIES = (("AT", N_("Austria")), ("DE", N_("Germany")))


class District(VersionedModel):
    """A postcode of a country mapped to its district (Bezirk / Landkreis)."""

    country = CharField(
        max_length=2, default="AT", choices=RESIDENCE_COUNTRIES, verbose_name=N_("Country")
    )
    postcode = CharField(max_length=10, verbose_name=N_("Postcode"))
    name = CharField(max_length=120, verbose_name=N_("Name"))

    history_relation = "district"
    verbose_name, verbose_name_plural = N_("District"), N_("districts")

    class Meta:
        indexes = ((("country", "postcode"), True),)

    def __str__(self):
        return f"{self.name} ({self.postcode})"


def postcode_is_well_formed(country: str, postcode: str) -> bool:
    """True when `postcode` has the form postcodes of `country` have."""
    pattern = POSTCODE_PATTERNS.get(country)
    return bool(pattern and pattern.match(postcode or ""))


def district_for(country: str, postcode: str):
    """The catalogue's district for a postcode, or None when the catalogue has none."""
    return District.get_or_none(District.country == country, District.postcode == postcode)


@cache
def nationality_choices() -> tuple[tuple[str, str], ...]:
    """ISO countries with German names, unknown first (its label is a msgid)."""
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    countries = sorted(
        ((c.alpha_2, german.gettext(c.name)) for c in pycountry.countries),
        key=lambda pair: plain(pair[1]),
    )
    return ((UNKNOWN_COUNTRY, N_("unknown")), *countries)


def citizenship_category(nationality: str | None) -> str:
    """'domestic' for Austrian/German, 'eu', or 'other' (also for unknown)."""
    if nationality in DOMESTIC_COUNTRIES:
        return "domestic"
    if nationality in EU_COUNTRIES:
        return "eu"
    return "other"


