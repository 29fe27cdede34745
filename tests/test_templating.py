"""How dates, phone numbers and e-mail addresses read on a page, in the reader's language."""

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from partnernet.templating import date_time, distance, email_link, long_date, phone_link


@pytest.mark.parametrize(("lang", "moment", "day"), [
    ("nl", "23 november 2026 14:05", "23 november 2026"),
    ("en", "November 23, 2026 14:05", "November 23, 2026"),
])
def test_dates_in_the_readers_order_and_groningen_time(app, lang, moment, day):
    with app.test_request_context("/"), force_locale(lang):
        assert date_time(datetime(2026, 11, 23, 13, 5, tzinfo=UTC)) == moment
        assert long_date(date(2026, 11, 23)) == day


@pytest.mark.parametrize(("lang", "km", "shown"), [
    ("nl", 0.0, "0 m"), ("nl", 0.994, "990 m"), ("nl", 0.996, "1.000 m"), ("en", 0.996, "1,000 m"),
    ("nl", 1.0, "1,0 km"), ("nl", 12.345, "12,3 km"), ("en", 12.345, "12.3 km"),
    ("nl", 1234.56, "1.234,6 km"), ("en", 1234.56, "1,234.6 km"),
])
def test_distances_read_in_the_readers_language(app, lang, km, shown):
    with app.test_request_context("/"), force_locale(lang):
        assert distance(km) == shown


@pytest.mark.parametrize(("number", "dialled"), [
    ("14 050", "14050"), ("050 - 123 45 67", "0501234567"),
    ("+31 (0)50 123 4567", "+31501234567"),
])
def test_a_phone_number_is_a_link_that_never_breaks(number, dialled):
    link = str(phone_link(number))
    assert link == f'<a class="utrecht-link pn-nowrap" href="tel:{dialled}">{number}</a>'


def test_user_text_in_a_phone_or_email_link_stays_text():
    assert "<script>" not in str(phone_link("<script>1</script>"))
    assert str(email_link('a"b@x.nl')) == (
        '<a class="utrecht-link" href="mailto:a&#34;b@x.nl">a&#34;b@x.nl</a>')
    assert str(phone_link(None)) == str(email_link("")) == ""
