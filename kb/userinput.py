"""What people type: the one parser for the numbers in it, and how it is quoted back.

**Numbers.** Every number read from something a person sends -- a paragraph number in an
id (``liu-migration:zh:s2.p3``), a query parameter (``limit``, ``page``, ``years``), a CLI
option -- goes through :func:`parse_number`. A number is ASCII digits and, where a
fraction makes sense, one decimal point followed by digits; at most
:data:`MAX_NUMBER_CHARS` characters, and within the caller's range. Anything else is not a
number (``None``), and the caller says so in its own terms: an id with an absurd number is
an unknown id, a parameter is a 400 naming it. The length is checked before ``int()`` sees
the text: Python refuses to convert more than 4,300 digits (``sys.get_int_max_str_digits``)
with a ValueError, and converting fewer still costs time quadratic in their number.
``int()`` and ``float()`` are never given raw input: they accept other scripts' digits
(``٣``), ``1_0``, ``1e1``, ``nan`` and blanks, and ``str.isdigit()`` accepts characters
``int()`` refuses (``²``, ``⑤``).

**Quoting.** A message that repeats what was sent (an unknown id, a bad parameter) quotes
it with :func:`quoted`: at most :data:`MAX_QUOTED_CHARS` characters of it, and its length
when it is longer, so a 4,301-digit id does not come back as a 4,301-digit message.
"""

from __future__ import annotations

import re

# Longer than any number a person means (leading zeros included); far below int()'s limit.
MAX_NUMBER_CHARS = 32
_WHOLE = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# What a message repeats of the text it is about.
MAX_QUOTED_CHARS = 60


def parse_number(text: str, *, low: int | float, high: int | float, fraction: bool = False) -> int | float | None:
    """``text`` as a number from ``low`` to ``high`` (whole unless ``fraction``), or None when it
    is not one: not ASCII digits (with one decimal point if ``fraction``), longer than
    :data:`MAX_NUMBER_CHARS`, or out of range."""
    if not isinstance(text, str) or len(text) > MAX_NUMBER_CHARS:
        return None
    if not (_DECIMAL if fraction else _WHOLE).fullmatch(text):
        return None
    value: int | float = float(text) if fraction else int(text)
    return value if low <= value <= high else None


def quoted(text: str) -> str:
    """``text`` quoted for a message (as ``repr`` does), cut to :data:`MAX_QUOTED_CHARS`
    characters with its full length said when it is longer."""
    if len(text) <= MAX_QUOTED_CHARS:
        return repr(text)
    return f"{text[:MAX_QUOTED_CHARS]!r}… ({len(text):,} characters)"
