"""CURP (Clave Única de Registro de Población) validation: format and check digit.

The check digit (position 18) is computed by RENAPO over the first 17 characters with
the alphabet below, weights 18 down to 2, and ``(10 - sum % 10) % 10``.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
STATE_CODES = frozenset(
    [
        "AS",
        "BC",
        "BS",
        "CC",
        "CL",
        "CM",
        "CS",
        "CH",
        "DF",
        "DG",
        "GT",
        "GR",
        "HG",
        "JC",
        "MC",
        "MN",
        "MS",
        "NT",
        "NL",
        "OC",
        "PL",
        "QT",
        "QR",
        "SP",
        "SL",
        "SR",
        "TC",
        "TS",
        "TL",
        "VZ",
        "YN",
        "ZS",
        "NE",
    ]
)
CURP_PATTERN = re.compile(
    r"^(?P<initials>[A-ZÑX][AEIOUX][A-ZÑX]{2})"
    r"(?P<birth>\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"(?P<sex>[HMX])"
    r"(?P<state>[A-Z]{2})"
    r"(?P<consonants>[B-DF-HJ-NP-TV-ZÑ]{3})"
    r"(?P<homoclave>[0-9A-Z])"
    r"(?P<check>\d)$"
)


def curp_check_digit(first_17: str) -> int:
    total = sum(CURP_ALPHABET.index(char) * (18 - index) for index, char in enumerate(first_17))
    return (10 - total % 10) % 10


def normalize_curp(value: str) -> str:
    return (value or "").strip().upper()


def validate_curp(value: str) -> None:
    curp = normalize_curp(value)
    if len(curp) != 18:
        raise ValidationError(
            _("A CURP has 18 characters; this one has %(count)d."),
            code="curp_length",
            params={"count": len(curp)},
        )
    match = CURP_PATTERN.match(curp)
    if not match:
        raise ValidationError(
            _("This is not a valid CURP format (4 letters, birth date, sex, state, ...)."),
            code="curp_format",
        )
    if match["state"] not in STATE_CODES:
        raise ValidationError(
            _("“%(state)s” is not a Mexican state code."),
            code="curp_state",
            params={"state": match["state"]},
        )
    if curp_check_digit(curp[:17]) != int(match["check"]):
        raise ValidationError(
            _("The CURP’s check digit does not match; please check it for typos."),
            code="curp_check_digit",
        )
