"""Short codes: an alphabet without look-alike characters, normalisation, generation.

Codes are upper case so that a QR code of ``HTTPS://HOST/Q/CODE`` can use the
alphanumeric mode (smaller symbols than byte mode). Visitors may type them in
any case: input is normalised to upper case before any lookup.
"""

import re
import secrets

# Upper-case letters and digits without the characters people confuse when
# they read a code off a sticker: 0/O/Q/D, 1/I/L, and U/V.
ALPHABET = "23456789ABCEFGHJKMNPRSTWXYZ"
CODE_LENGTH = 6
#: Codes stored in the database are at most this long.
MAX_CODE_LENGTH = 16
#: Anything longer in a scanned URL is rejected before touching the database.
MAX_INPUT_LENGTH = 64

_VALID_CODE = re.compile(rf"[{ALPHABET}]{{{CODE_LENGTH},{MAX_CODE_LENGTH}}}")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def generate_code(length=CODE_LENGTH):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(raw):
    """The code as stored, from what a visitor typed or scanned: upper case, trimmed."""
    return (raw or "").strip().strip("/").strip().upper()


def is_valid_code(code):
    """Whether ``code`` (already normalised) could be a code this app issues."""
    return bool(_VALID_CODE.fullmatch(code or ""))


def sanitise_unknown(code):
    """What is stored for an unknown code: letters and digits only, bounded length."""
    return _NOT_ALNUM.sub("", normalise(code))[:MAX_CODE_LENGTH] or "-"
