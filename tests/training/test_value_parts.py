"""The parts docs/models.md ("What the model reads of a variable") says a value is read as, by
variable type. test_enriched_variables.py proves through boto3 that a model learns from them;
this pins what each part is."""

from __future__ import annotations

import pytest

from frauddetector_mock.store.value_parts import PARTS_OF, read_parts


@pytest.mark.parametrize(
    ("variable_type", "value", "parts"),
    [
        ("IP_ADDRESS", "104.23.11.200", ("104/8", "104.23/16", "104.23.11/24")),
        ("IP_ADDRESS", " 010.001.2.3 ", ("10/8", "10.1/16", "10.1.2/24")),
        (
            "IP_ADDRESS",
            "2001:db8:7::1",
            ("2001:0db8::/32", "2001:0db8:0007::/48", "2001:0db8:0007:0000::/64"),
        ),
        ("IP_ADDRESS", "<unknown>", ("", "", "")),
        ("EMAIL_ADDRESS", "John.Smith42@Example.CO.uk", ("example.co.uk", "uk", "a.a9")),
        ("EMAIL_ADDRESS", "x__9@mail", ("", "", "a_9")),
        ("EMAIL_ADDRESS", "<unknown>", ("", "", "")),
        ("PHONE_NUMBER", "+1 (206) 555-0100", ("+1",)),
        ("PHONE_NUMBER", "0044 20 7946 0000", ("+44",)),
        ("PHONE_NUMBER", "+353 1 234 5678", ("+353",)),
        ("PHONE_NUMBER", "206-555-0100", ("",)),
        ("BILLING_PHONE", "+7 495 123", ("+7",)),
        (
            "USERAGENT",
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0 Safari/537.36 Edg/120.0",
            ("Edge",),
        ),
        (
            "USERAGENT",
            "Mozilla/5.0 (iPhone) AppleWebKit (KHTML, like Gecko) Version/17 Mobile Safari/604.1",
            ("Safari",),
        ),
        ("USERAGENT", "Googlebot/2.1 (+http://www.google.com/bot.html)", ("Bot",)),
        ("USERAGENT", "python-requests/2.31", ("python-requests",)),
        ("CARD_BIN", "4111 1122 3344", ("411111",)),
        ("CARD_BIN", "41", ("",)),
        ("CATEGORICAL", "anything", ()),
    ],
)
def test_each_part_of_a_value(variable_type: str, value: str, parts: tuple[str, ...]) -> None:
    assert read_parts(variable_type, value) == parts
    assert len(parts) == len(PARTS_OF.get(variable_type, ()))
