import pytest

from partnernet.assistance.personal_data import passes_eleven_test, personal_data_problem


@pytest.mark.parametrize("text", [
    "Mail hem op jan@example.org", "bel 06-12345678", "tel 050 123 45 67",
    "+31 6 1234 5678", "BSN 111222333", "bsn: 111 222 333",
])
def test_personal_details_are_recognised(app, text):
    assert personal_data_problem(text) is not None


@pytest.mark.parametrize("text", [
    "Geholpen met DigiD, 2 brieven", "Aanvraag 123456789 bij de Belastingdienst",
    "Kosten 25 euro, 30 minuten", "Om 14:30 terug", "Postcode 9711",
])
def test_ordinary_notes_pass(app, text):
    assert personal_data_problem(text) is None


def test_the_eleven_test():
    assert passes_eleven_test("111222333")
    assert not passes_eleven_test("123456789")
    assert not passes_eleven_test("000000000")
