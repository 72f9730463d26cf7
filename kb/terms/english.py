"""Matching English: the forms under which a gloss is found in a text.

A dictionary gloss rarely stands in the English of a unit letter for letter:
"resource" is printed "resources", "coordinate" is printed "coordination".
These helpers compare words by a plural- and derivation-insensitive stem,
find the span of text that renders a gloss, and key renderings so that
"Specialist" and "specialists" count as one.
"""

from __future__ import annotations

import re

# English words too general to confirm a pair on their own.
EN_STOPWORDS = frozenset("""
a an the of and or to in on for with by as at from be is are was were it its this that these those
other others etc related relevant such which who whom whose their there than then also more most
very can may must should will would one two three first second third new high level
""".split())


def plural_stem(word: str) -> str:
    """Plural-insensitive form of an English word (resources → resource, processes → process)."""
    word = word.lower()
    if word.endswith("'s"):  # a possessive is the word itself (foreigner's, foreigners')
        word = word[:-2]
    word = word.rstrip("'")
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")) and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return word


WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*")


def derived_stem(word: str, fold_ing: bool = True) -> str:
    """A stem that also folds common derivations, for matching dictionary glosses against text:
    coordinate ~ coordination, optimize ~ optimization, develop ~ development, and
    (``fold_ing``) pioneer ~ pioneering."""
    stem = plural_stem(word)
    for suffix, repl in (("ization", "iz"), ("ation", "at"), ("ment", ""), ("ing", "")):
        if suffix == "ing" and not fold_ing:
            continue
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
            stem = stem[: len(stem) - len(suffix)] + repl
            break
    return stem[:-1] if stem.endswith("e") and len(stem) > 4 else stem


def find_span(gloss: str, english: str) -> tuple[int, int] | None:
    words = [(m.start(), m.end(), m.group(0)) for m in WORD_RE.finditer(english)]
    target = "".join(derived_stem(w) for w in gloss.replace("-", " ").split())
    if not target:
        return None
    stems = [derived_stem(w) for _, _, w in words]
    # Try every run of up to five words whose stems, joined, spell the gloss.
    for i in range(len(words)):
        joined = ""
        for j in range(i, min(i + 5, len(words))):
            joined += stems[j]
            if joined == target:
                return words[i][0], words[j][1]
            if not target.startswith(joined):
                break
    return None


def stem_key(english: str) -> str:
    """Case-, plural- and derivation-insensitive key of an English term ("Occupations" ~
    "occupation", "coordinate" ~ "coordination"): renderings with the same key are one rendering."""
    # "-ing" stays: engineer and engineering are different renderings.
    return " ".join(derived_stem(w, fold_ing=False) for w in english.lower().replace("-", " ").split())


def display_form(rendering: str, lowercase_words: set[str] | frozenset[str] = frozenset()) -> str:
    """A sub-term as a dictionary shows it: a capital only a sentence start gave it is dropped
    (the word occurs in lower case elsewhere); names (China) and acronyms (IoT) keep theirs."""
    match = WORD_RE.match(rendering)
    first = match.group(0) if match else ""
    if first[:1].isupper() and first[1:] == first[1:].lower() and first.lower() in lowercase_words:
        return rendering[0].lower() + rendering[1:]
    return rendering
