"""Federal states of Austria and Germany whose public holidays decide what a working day is.

A region is written "AT-9" or "DE-BY": the country and the subdivision code of the `holidays`
library. Each project names its own; a project without one counts the holidays of the
application's default region (setting HOLIDAY_REGION, Vienna unless set)."""

from models.core.text import N_

FEDERAL_STATES = (
    ("AT-1", N_("Burgenland (Austria)")),
    ("AT-2", N_("Carinthia (Austria)")),
    ("AT-3", N_("Lower Austria (Austria)")),
    ("AT-4", N_("Upper Austria (Austria)")),
    ("AT-5", N_("Salzburg (Austria)")),
    ("AT-6", N_("Styria (Austria)")),
    ("AT-7", N_("Tyrol (Austria)")),
    ("AT-8", N_("Vorarlberg (Austria)")),
    ("AT-9", N_("Vienna (Austria)")),
    ("DE-BW", N_("Baden-Württemberg (Germany)")),
    ("DE-BY", N_("Bavaria (Germany)")),
    ("DE-BE", N_("Berlin (Germany)")),
    ("DE-BB", N_("Brandenburg (Germany)")),
    ("DE-HB", N_("Bremen (Germany)")),
    ("DE-HH", N_("Hamburg (Germany)")),
    ("DE-HE", N_("Hesse (Germany)")),
    ("DE-MV", N_("Mecklenburg-Western Pomerania (Germany)")),
    ("DE-NI", N_("Lower Saxony (Germany)")),
    ("DE-NW", N_("North Rhine-Westphalia (Germany)")),
    ("DE-RP", N_("Rhineland-Palatinate (Germany)")),
    ("DE-SL", N_("Saarland (Germany)")),
    ("DE-SN", N_("Saxony (Germany)")),
    ("DE-ST", N_("Saxony-Anhalt (Germany)")),
    ("DE-SH", N_("Schleswig-Holstein (Germany)")),
    ("DE-TH", N_("Thuringia (Germany)")),
)
REGION_CODES = frozenset(code for code, _label in FEDERAL_STATES)


def parse_region(code: str) -> tuple[str, str]:
    """("AT", "9") for "AT-9"; ValueError for a code not in FEDERAL_STATES."""
    if code not in REGION_CODES:
        raise ValueError(f"unknown federal state {code!r}")
    country, subdivision = code.split("-", 1)
    return country, subdivision
