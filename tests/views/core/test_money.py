"""The shared money formatter: euros with thousands dot and decimal comma."""

from decimal import Decimal

import pytest

from views.core.formatting import money_text


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("1234.5"), "1.234,50 €"),
    (Decimal("0"), "0,00 €"),
    (Decimal("1234567.891"), "1.234.567,89 €"),
    (12, "12,00 €"),
    (None, "–"),
])
def test_money_text(app, value, shown):
    with app.test_request_context():
        assert money_text(value) == shown
