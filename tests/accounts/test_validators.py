from django.core.exceptions import ValidationError

import pytest

from accounts.validators import curp_check_digit, validate_curp

# MAHJ280603MSPRRV09 is the example of RENAPO's own CURP validator; the others are built by
# the published rules (initials, birth date, sex, state, consonants, homoclave, check digit).
VALID = ["MAHJ280603MSPRRV09", "HEPJ950214MNLRXS00", "RAOL880709HCHMRS06", "GOSP790321MJCMLT01"]


@pytest.mark.parametrize("curp", VALID)
def test_valid_curps_pass(curp):
    validate_curp(curp)
    validate_curp(curp.lower())  # typed in lower case is the same key


def test_check_digit_matches_the_published_example():
    assert curp_check_digit("MAHJ280603MSPRRV0") == 9


@pytest.mark.parametrize(
    ("curp", "code"),
    [
        ("MAHJ280603MSPRRV0", "curp_length"),
        ("MAHJ280603MSPRRV091", "curp_length"),
        ("MAHJ281303MSPRRV09", "curp_format"),  # month 13
        ("MAHJ280603QSPRRV09", "curp_format"),  # sex Q
        ("MAHJ280603MZZRRV09", "curp_state"),  # no state ZZ
        ("MAHJ280603MSPRRV08", "curp_check_digit"),  # one typo in the check digit
        ("MAHJ280603MSPRRV19", "curp_check_digit"),  # one typo in the homoclave
    ],
)
def test_malformed_curps_are_refused_with_a_reason(curp, code):
    with pytest.raises(ValidationError) as raised:
        validate_curp(curp)
    assert raised.value.code == code
