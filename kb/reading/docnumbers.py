"""A document number's English, in the form official English versions print it.

Two forms of number cover what the documents of this knowledge base cite:

- a file number, issuer abbreviation, year in 〔〕 and serial: 国科办才〔2022〕177号. Official
  English versions spell the abbreviation in pinyin, a capital per syllable, the year in
  square brackets: ``Guo Ke Ban Cai [2022] No. 177``. The pinyin comes from pypinyin's
  dictionary (offline, with phrase readings for polyphonic characters);
- a decree, issuer and serial: 国务院令第814号 → ``Decree No. 814 of the State Council``, the
  issuer in English as the document it names gives it; without that English, no rendering is
  guessed (None), and the caller falls back to the document's English title.
"""

from __future__ import annotations

import re


FILE_NUMBER_RE = re.compile(r"(?P<abbr>[\u4e00-\u9fff]{1,12})\s*[〔［\[（(](?P<year>\d{4})[〕］\]）)]\s*(?P<n>\d+)\s*号")
DECREE_RE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?)令\s*第\s*(?P<n>\d+)\s*号$")


def pinyin_abbreviation(abbreviation: str) -> str:
    """国科办才 → Guo Ke Ban Cai."""
    # pypinyin loads its dictionary on import (0.4 s): only when a number is put in English.
    from pypinyin import lazy_pinyin

    return " ".join(syllable.capitalize() for syllable in lazy_pinyin(abbreviation))


def file_number_en(match: re.Match[str]) -> str:
    return f"{pinyin_abbreviation(match.group('abbr'))} [{match.group('year')}] No. {int(match.group('n'))}"


def number_en(number: str | None, issuer: dict[str, str | None] | None = None) -> str | None:
    """The English of a whole document number, or None where it cannot be said by rule."""
    if not number:
        return None
    number = number.strip()
    match = FILE_NUMBER_RE.fullmatch(number)
    if match:
        return file_number_en(match)
    decree = DECREE_RE.match(number)
    if decree:
        issuer = issuer or {}
        if issuer.get("en") and (issuer.get("zh") or "").replace(" ", "") == decree.group("issuer"):
            name = issuer["en"]
            name = "the " + name[4:] if name.startswith("The ") else name if name.startswith("the ") else f"the {name}"
            return f"Decree No. {int(decree.group('n'))} of {name}"
    return None


def house_form_in(match: re.Match[str], english: str) -> bool:
    """Whether ``english`` gives the file number ``match`` (of :data:`FILE_NUMBER_RE`) in the house
    form. The abbreviation may have taken a word before it in the Chinese (依据国发〔2021〕24号), so
    the English's is compared with the last syllables of its pinyin: ``Guo Fa [2021] No. 24``."""
    syllables = pinyin_abbreviation(match.group("abbr")).split()
    for found in re.finditer(rf"((?:[A-Z][a-z]* )+)\[{match.group('year')}\] No\. {int(match.group('n'))}\b", english):
        given = found.group(1).split()
        # The longest run of capitalised words that ends the abbreviation's pinyin.
        # (Two syllables at least: 国发 is the shortest abbreviation; one could be any word.)
        for start in range(len(given) - min(2, len(syllables)) + 1):
            if syllables[-len(given[start:]):] == given[start:]:
                return True
    return False
