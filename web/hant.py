"""Traditional Chinese (繁體): the third interface language, converted from the simplified.

The corpus and its index are in simplified Chinese; a reader who chooses 繁 sees the
same pages in traditional characters. Nothing is kept twice: OpenCC's ``s2hk``
phrase tables convert

- the interface catalog: ``web/translations/zh_Hant/LC_MESSAGES/messages.po`` is
  generated from the simplified one (``make translations`` runs ``python -m web.hant``
  whenever the simplified catalog changes; the result is committed for translators'
  tools), and
- the documents' text at render time (:func:`to_traditional`, applied by
  :mod:`web.chrome` to what the templates print); the page says it was converted from
  the simplified original. JSON twins and the index keep the original.

A query typed in traditional characters is converted back by the search itself
(:func:`kb.search.query.prepare.to_simplified`).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

# Hong Kong standard characters (OpenCC s2hk), as the HK Talent List that offers EN / 繁 / 简 uses;
# only the characters change (the documents are mainland ones: no words rewritten).
OPENCC_CONFIG = "s2hk"
LOCALE = "zh_Hant"
HEADER = """\
Chinese (traditional) interface words of the policy-kb web UI.
GENERATED from ../../zh/LC_MESSAGES/messages.po with OpenCC s2hk
by `python -m web.hant` (make translations): edit that file, not this.
This file is distributed under the same license as the policy-kb project."""


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(OPENCC_CONFIG)


def to_traditional(text: str) -> str:
    """``text`` with its simplified characters in traditional script (ASCII untouched)."""
    if not text or text.isascii():
        return text
    return _converter().convert(text)


def convert_catalog(source: Path, target: Path) -> int:
    """Write ``target``, the traditional catalog, from the simplified ``source``; returns
    how many messages it translates."""
    from babel.messages.pofile import read_po, write_po

    with source.open("rb") as fh:
        catalog = read_po(fh, locale=LOCALE)
    catalog.locale = LOCALE  # not the simplified catalog's header
    catalog.language_team = LOCALE
    catalog.header_comment = "\n".join(f"# {line}" for line in HEADER.splitlines())
    count = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, (list, tuple)):
            message.string = tuple(to_traditional(s) for s in message.string)
        else:
            message.string = to_traditional(message.string)
        count += bool(message.string)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with partial.open("wb") as fh:
        write_po(fh, catalog, width=76, omit_header=False)
    partial.replace(target)
    return count


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m web.hant SIMPLIFIED.po TRADITIONAL.po", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    if not source.is_file():
        print(f"{source}: no such catalog (the simplified one, web/translations/zh/LC_MESSAGES/messages.po)",
              file=sys.stderr)
        return 1
    count = convert_catalog(source, target)
    print(f"{target}: {count} messages converted from {source} (OpenCC {OPENCC_CONFIG})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
