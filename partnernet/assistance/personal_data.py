"""Text that looks like someone's contact details or citizen service number (BSN): a log of
help must hold none, so its free-text note is refused when it does."""

import re

from flask_babel import lazy_gettext as _l

EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# Dutch numbers (06-, 050-, +31 6 ...) with spaces, dashes or dots between the digits
PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)(?:[\s.\-()]*\d){9}(?!\d)")
NINE_DIGITS = re.compile(r"(?<!\d)(?:\d[\s.\-]?){8}\d(?!\d)")


def passes_eleven_test(digits: str) -> bool:
    """The BSN check: 9×d1 + 8×d2 + … + 2×d8 − d9 is a multiple of 11 (and not all zeros)."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(weight * int(digit) for weight, digit in zip(weights, digits, strict=True))
    return total % 11 == 0 and int(digits) != 0


def personal_data_problem(text: str):
    """What looks personal in the text, as a message for the person typing; None when nothing
    does."""
    if EMAIL.search(text):
        return _l("Remove the e-mail address: a log holds no personal details")
    if PHONE.search(text):
        return _l("Remove the phone number: a log holds no personal details")
    for match in NINE_DIGITS.finditer(text):
        if passes_eleven_test(re.sub(r"\D", "", match.group())):
            return _l("Remove the citizen service number (BSN): a log holds no personal "
                      "details")
    return None
