"""Constraints a question states about the asker: what they have, applied to occupations.

"… where 2 years of experience is enough", "I have a bachelor's degree", "我只有2年工作经验",
"本科学历可以吗": the asker states what they hold, and an occupation that asks for more does
not answer them. Read by the patterns below (data, not per-question code), they filter the
occupation hits (sections and passages are not filtered: a clause does not state a degree);
the result says what was applied (``understood.constraints``), and the page says it as
"filtered: experience ≤ 2 years".

Only what is stated as the asker's own counts. "35 years old" is an age, not experience; a
question asking what is needed ("how many years …") states nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10}
NUMBER = r"(?P<n>\d{1,2}|[一二两三四五六七八九十]|one|two|three|four|five|six|seven|eight|nine|ten)"
# "… years of (work) experience" after a number, in each language.
KIND_OF = r"(?:work(?:ing)?\s+|professional\s+|relevant\s+)?"
EXPERIENCE = rf"(?:'|’)?\s+(?:of\s+)?{KIND_OF}experience\b"
ZH_EXPERIENCE = r"(?:的)?(?:相关)?(?:工作)?经验"
# Years of experience the asker has (or says is enough).
EXPERIENCE_PATTERNS = [re.compile(p, re.I) for p in (
    rf"\b(?:i have|i've got|i've|with|only|just|having|has)\s+(?:only\s+|just\s+)?{NUMBER}\s+years?{EXPERIENCE}",
    rf"\b{NUMBER}\s+years?{EXPERIENCE}\s+(?:is\s+|are\s+)?(?:enough|sufficient|suffices?)\b",
    rf"\b{NUMBER}\s+years?\s+(?:is|are)\s+enough\b",
    # "accepts a bachelor's degree and 3 years of experience": what an occupation may ask at most.
    # (Only the years are taken out: the degree it accepts is read next.)
    rf"\b(?:accepts?|accepting)\b[^?.;]*?\b(?P<stated>{NUMBER}\s+years?{EXPERIENCE})",
    rf"(?:我有|我只有|只有|仅有|我具有|具有|具备|有){NUMBER}年{ZH_EXPERIENCE}",
    rf"{NUMBER}年{ZH_EXPERIENCE}(?:就够|够|足够|即可|就可以|可以|能|行)",
)]
# An upper bound on the experience asked for, as the asker states it ("at most 3 years of
# experience", 不超过3年经验, 3年以下经验): the pattern and what it allows beyond N (以下 and
# "at most" are inclusive; "less than" and 不到 are not, so N - 1 for whole years).
EXPERIENCE_BOUND_PATTERNS = [(re.compile(p, re.I), inclusive) for p, inclusive in (
    (rf"\b(?:at most|no more than|not more than|up to|a maximum of|maximum)\s+{NUMBER}\s+years?{EXPERIENCE}", True),
    (rf"\b{NUMBER}\s+years?{EXPERIENCE}\s+or\s+(?:less|fewer|under)\b", True),
    (rf"\b{NUMBER}\s+or\s+(?:less|fewer)\s+years?{EXPERIENCE}", True),
    (rf"\bexperience\s+(?:of\s+)?(?:at most|no more than|not more than|up to)\s+{NUMBER}\s+years?\b", True),
    (rf"\b(?:less than|fewer than|under|below)\s+{NUMBER}\s+years?{EXPERIENCE}", False),
    (rf"\bexperience\s+(?:of\s+)?(?:less than|fewer than|under|below)\s+{NUMBER}\s+years?\b", False),
    (rf"(?:不超过|不多于|最多|至多|不高于){NUMBER}年{ZH_EXPERIENCE}", True),
    (rf"{NUMBER}年(?:及|或)?(?:以下|以内){ZH_EXPERIENCE}", True),
    (rf"经验(?:要求)?(?:在|为|是)?(?:不超过|不多于|最多|至多){NUMBER}年", True),
    (rf"经验(?:要求)?(?:在|为|是)?{NUMBER}年(?:及|或)?(?:以下|以内)", True),
    (rf"(?:不到|少于|不足|低于|未满){NUMBER}年{ZH_EXPERIENCE}", False),
    (rf"经验(?:要求)?(?:在|为|是)?(?:不到|少于|不足|低于|未满){NUMBER}年", False),
)]
# Years of experience an occupation is asked about as requiring ("which occupation requires 10
# years or more", 哪个职业要求10年以上工作经验): a strong boost for the occupations stating
# exactly that many, never a filter (the asker states what they look for, not what they hold).
REQUIRED_EXPERIENCE_PATTERNS = [re.compile(p, re.I) for p in (
    rf"\b(?:requires?|requiring|needs?|needing|asks? for|asking for|demands?)\s+(?:at least\s+|over\s+|more than\s+)?"
    rf"{NUMBER}\+?\s+(?:or more\s+)?years?\b",
    rf"(?:要求|需要|需|具有|具备){NUMBER}年(?:及|或)?以上",
)]
# The most or the least experience asked about ("which job requires the most experience",
# 经验要求最少的职业): the occupations ranked by the years they state, never filtered. "The
# minimum experience for an actuary" asks for a requirement, so "minimum" is no cue.
EXPERIENCE_ORDER_PATTERNS = [(re.compile(p, re.I), order) for p, order in (
    (rf"\b(?:the\s+)?(?:most|longest|greatest)\s+(?:years\s+of\s+)?{KIND_OF}experience\b", "most"),
    (r"\bmost\s+years\b", "most"),
    (rf"\b(?:the\s+)?(?:least|fewest|shortest)\s+(?:years\s+of\s+)?{KIND_OF}experience\b", "least"),
    (r"\bfewest\s+years\b", "least"),
    (r"(?:工作)?经验(?:要求)?(?:最多|最长|最久|最高)|(?:最多|最长|最久)(?:的)?(?:工作)?经验|工作年限最长", "most"),
    (r"(?:工作)?经验(?:要求)?(?:最少|最短|最低)(?=的)|(?:最少|最短)(?:的)?(?:工作)?经验|工作年限最短", "least"),
)]
# Degrees the asker holds: the words, and the vocabulary key each means.
DEGREE_WORDS = {"bachelor": "bachelor", "master": "master", "doctor": "doctor", "doctorate": "doctor",
                "phd": "doctor", "本科": "bachelor", "学士": "bachelor", "硕士": "master", "博士": "doctor"}
DEGREE_PATTERNS = [re.compile(p, re.I) for p in (
    r"\b(?:i have|i hold|i've got|with|holding|having|accepts?|accepting|only)\s+(?:a\s+|an\s+|only\s+a\s+)?"
    r"(?P<d>bachelor|master|doctorate|doctor|phd)(?:'s|’s|s)?\b",
    r"(?:我是|我有|只有|持有|具有|拥有|接受)(?P<d>本科|学士|硕士|博士)(?!后)",
    r"(?P<d>本科|学士|硕士|博士)(?!后)(?:学历|学位|毕业|毕业生)?(?:就够|够|即可|就可以|可以|能|行)",
)]
# An age is not experience: removed before a question's requirement is read.
AGE_RE = re.compile(r"\b\d{1,3}\s*(?:years?|yrs?)[\s-]*old\b|\d{1,3}\s*周?岁", re.I)


# The asker's own age ("I am 35 years old", 我今年35岁): neither experience nor a word to search
# for (an age a clause states, 45周岁以下, stays in the question).
ASKER_AGE_RE = re.compile(r"\b(?:i am|i'm|i’m|i was|aged)\s+\d{1,3}(?:\s*(?:years?|yrs?)[\s-]*old)?\b"
                          r"|(?:我|本人)(?:今年|现在|已经|已)?\d{1,3}\s*周?岁", re.I)


@dataclass
class Constraints:
    experience_max: int | None = None
    degree_held: str | None = None
    experience_required: int | None = None  # a boost, not a filter (see above)
    experience_order: str | None = None  # "most" or "least": a ranking, not a filter

    def __bool__(self) -> bool:
        return self.experience_max is not None or self.degree_held is not None or self.experience_order is not None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.experience_max is not None:
            out["experience_years"] = {"at_most": self.experience_max}
        if self.degree_held is not None:
            out["min_degree"] = {"held": self.degree_held}
        if self.experience_required is not None:
            out["experience_required"] = {"years": self.experience_required}
        if self.experience_order is not None:
            out["experience_order"] = {"by": self.experience_order}
        return out


def _number(text: str) -> int:
    return int(text) if text.isdigit() else EN_NUMBERS.get(text.lower()) or ZH_DIGITS[text]


# Every experience pattern above names years or experience, every degree pattern a degree, and
# an age is digits: most queries name none, and skip the patterns (a search runs this each time).
EXPERIENCE_HINT = re.compile(r"experience|years?|经验|年", re.I)
DEGREE_HINT = re.compile(r"bachelor|master|doctor|phd|本科|学士|硕士|博士", re.I)
DIGIT = re.compile(r"\d")


def read_constraints(text: str) -> tuple[Constraints, str]:
    """The constraints ``text`` states, and the text without the phrases that stated them (nor
    the asker's age)."""
    found = Constraints()
    rest = text
    if not EXPERIENCE_HINT.search(text):
        return _degree(found, rest)
    # A bound first: "不到3年工作经验可以" is less than 3 years, not the 3 years "经验可以" reads.
    bounds = [(p, 0 if inclusive else 1) for p, inclusive in EXPERIENCE_BOUND_PATTERNS]
    for pattern, below in bounds + [(p, 0) for p in EXPERIENCE_PATTERNS]:
        m = pattern.search(rest)
        if m:
            found.experience_max = max(0, _number(m.group("n")) - below)
            part = "stated" if "stated" in pattern.groupindex else 0
            rest = rest[:m.start(part)] + " " + rest[m.end(part):]
            break
    if found.experience_max is None:
        for pattern, order in EXPERIENCE_ORDER_PATTERNS:
            m = pattern.search(rest)
            if m:
                found.experience_order = order
                rest = rest[:m.start()] + " " + rest[m.end():]
                break
    if found.experience_max is None and found.experience_order is None:
        for pattern in REQUIRED_EXPERIENCE_PATTERNS:
            m = pattern.search(rest)
            if m:
                found.experience_required = _number(m.group("n"))
                break  # the words stay: they are what the question is about
    return _degree(found, rest)


def _degree(found: Constraints, rest: str) -> tuple[Constraints, str]:
    """The degree the asker holds, read into ``found``; the rest without it nor the asker's age."""
    if DEGREE_HINT.search(rest):
        for pattern in DEGREE_PATTERNS:
            m = pattern.search(rest)
            if m:
                found.degree_held = DEGREE_WORDS[m.group("d").lower()]
                rest = rest[:m.start()] + " " + rest[m.end():]
                break
    return found, ASKER_AGE_RE.sub(" ", rest) if DIGIT.search(rest) else rest


def without_ages(text: str) -> str:
    return AGE_RE.sub(" ", text)
