"""Understanding a question: what people type instead of keywords.

"What degree do I need to be an actuary in Qianhai?", "诺贝尔奖获得者可以认定为A类人才吗",
"how is 紧缺时期 translated". A question is read against the tables below (data, not
per-question code), on the simplified text:

- **question and function words** (what, do I need, 是否, 可以, 吗, 几年) are removed, so they
  neither rank nor expand; what is left is the question's content;
- **asks** -- which requirement the question is about (``min_degree``, ``experience_years``,
  ``specialties``, ``severity``, ``shortage_duration``, ``other``): its cue words are removed
  from the content too, and the answer card reads that field of the top record; or
  ``validity``: whether the document the question names still holds ("Is the Beijing
  catalogue still valid?"), answered with that document's status;
- **city** and **doc** (a document named by city or topic): boosts, never filters; the city's
  name stays out of the words. The cities and what a question calls them (北京, 京, Beijing) are
  the corpus's vocabulary (``corpus/vocabularies.toml``, through the build): :func:`places_of`;
- **translation** -- "how is X translated", "X 的英文", "X 英文怎么说": the term to look up
  in the term base.

:func:`understand` returns the content words and what was understood (``understood`` in the
result, None for a query that is not a question and names nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .constraints import Constraints, read_constraints, without_ages

# Translation requests: the group "term" is what to look up.
TRANSLATION_PATTERNS = [re.compile(p, re.I) for p in (
    r"^\s*how\s+(?:is|are|do\s+you|should\s+i|to)\s+(?P<term>.+?)\s+(?:be\s+)?(?:translated|rendered|said|say)"
    r"(?:\s+in\s+english)?\s*\??$",
    r"^\s*(?:what\s+is\s+)?(?:the\s+)?english\s+(?:for|of)\s+(?P<term>.+?)\s*\??$",
    r"^\s*translate\s+(?P<term>.+?)\s*\??$",
    r"^\s*(?P<term>.+?)\s*(?:的)?(?:英文|英语|英译)(?:是什么|是啥|怎么说|怎么翻译|怎么译|如何翻译|叫什么)?\s*[?？]?$",
    r"^\s*(?P<term>.+?)\s*(?:怎么|如何)(?:翻译|译|说)\s*[?？]?$",
)]

# Which requirement is asked about: cue words per field (English as whole words).
ASKS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    # field, English cues, Chinese cues
    ("min_degree", ("degree", "degrees", "qualification", "qualifications", "education", "educational",
                    "diploma", "bachelor", "bachelor's", "master", "master's", "masters", "doctorate", "phd"),
     ("学历", "学位", "文凭", "本科", "硕士", "博士", "学士")),
    ("experience_years", ("experience", "years", "year"),
     ("几年", "多少年", "工作经验", "经验", "经历", "年限")),
    ("specialties", ("specialty", "specialties", "speciality", "major", "majors", "discipline", "subject"),
     ("什么专业", "哪些专业", "专业")),
    ("shortage_duration", ("duration", "how long", "period of shortage", "shortage period"),
     # 多久 alone asks how long anything lasts (a pilot, a permit): only with 紧缺 is it the shortage.
     ("紧缺时期", "紧缺时间", "紧缺多久", "紧缺多长时间", "缺多久")),
    ("severity", ("severity", "how scarce", "how short", "shortage level", "how severe"),
     ("紧缺程度", "有多紧缺", "多紧缺")),
    ("other", ("other requirements", "other requirement", "other conditions"),
     ("其他要求", "其他条件")),
    # Whether the document a question names still holds: answered with its validity. Only
    # phrases about the document (有效期 alone is a permit's term, not the document's).
    ("validity", ("still valid", "valid", "validity", "in force", "in effect", "expired", "still apply",
                  "still applies", "still current"),
     ("还有效", "仍有效", "是否有效", "有效吗", "失效", "过期", "废止", "还适用", "仍适用", "有效性")),
]

# When an ``asks`` found by its cues holds: (what the question must also say, what it must not).
# "How long" and "duration" ask the shortage's duration only about a shortage (as 多久 does only
# with 紧缺); "how long … valid" asks a term (a permit's), not whether a document still holds.
ASKS_CONDITIONS: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {
    "shortage_duration": (re.compile(r"short\s+supply|shortage|scarce|in\s+(?:high\s+)?demand|紧缺|短缺", re.I), None),
    "validity": (None, re.compile(r"\bhow\s+long\b|\bfor\s+how\s+many\s+years\b|多长|多久|几年|期限", re.I)),
}

# When a document's period starts or ends: a validity question about the document it names.
VALIDITY_WHEN_RE = re.compile(
    r"\b(?:when|until\s+when|by\s+when)\b.*?\b(?P<en>ends?|ended|expires?|expired|starts?|started|begins?|began"
    r"|takes?\s+effect|took\s+effect|comes?\s+into\s+force|came\s+into\s+force|runs?\s+until|lasts?\s+until)\b"
    r"|(?:什么时候|何时|哪天|几时)(?P<zh>开始|结束|截止|到期|失效|生效|施行|起|止)", re.I)

# A keyword query that names a requirement ("区块链工程师 学历要求", "actuary degree requirement"):
# read like a question's ``asks``, so its answer card is the record's field. Only the words
# that name the requirement as such: a bare "master" or "years" in keywords is content.
FIELD_KEYWORDS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("min_degree", ("degree requirement", "degree requirements", "education requirement",
                    "education requirements", "required degree"), ("学历要求", "学位要求")),
    ("experience_years", ("experience requirement", "experience requirements", "required experience",
                          "years of experience"), ("经验要求", "工作经验要求", "工作年限")),
    ("specialties", ("specialty requirements", "required specialties"), ("专业要求",)),
    ("other", ("other requirements",), ("其他要求",)),
]

# A place a question may name: its city, the document it points to, and its cues.
Place = tuple[str, str | None, tuple[str, ...]]


def places_of(vocabularies: dict[str, Any]) -> tuple[Place, ...]:
    """The cities of a build's vocabularies as places, in the vocabulary's order (the first
    city a question names is the one understood)."""
    return tuple((key, entry.get("doc"), tuple(entry.get("aliases") or ()))
                 for key, entry in (vocabularies.get("cities") or {}).items())

# Documents named by topic (the two papers).
TOPICS: list[tuple[str, tuple[str, ...]]] = [
    ("liu-migration", ("migration", "immigration", "skilled migrant", "移民", "技术移民")),
    ("shanghai-study", ("management system", "管理体系", "global city", "全球城市")),
]

# Question and function words: removed from the content (English as whole words).
EN_QUESTION_WORDS = frozenset("""
what which who whom whose when where why how does do did is are was were am be can could may might
must shall should will would i me my we you your a an the to of in for on at as by with from into
need needs needed required require requires requirement requirements have has get any there it its
this that these those much many long kind sort type types kinds work working job position positions
eligible eligibility qualify qualified count counted considered regarded recognised recognized
someone somebody person people anyone if or and about tell please know want become be being
talent talents foreign foreigner foreigners done doing made make suit suits suitable fit fits apply ask asks asked
under according per via up out off too also clause clauses provision provisions cover covers covered jobs occupation occupations
winner winners laureate laureates recipient recipients
""".split())
ZH_QUESTION_WORDS = sorted("""
是否 可以 能否 能不能 能 可 吗 呢 吧 么 什么 怎么 怎样 怎么样 如何 哪些 哪个 哪里 哪 多少 几 谁 为什么
需要 要求 要 需 有 有没有 是 的 了 在 请问 请 我 我们 你 人 一个 被 算 算不算 认定为 认定 作为 成为
得主 获得者 获得 人才 外籍 外国人 为 与 和 及 由 几个 哪几个 几种 存在 多大 多长时间 多长 多久 什么时候 何时 时候 岗位 职位 职业 条件 满足 符合 规定 哪一条 哪条 条款 属于 应该 应当 必须 么样 做 当 从事
""".split(), key=len, reverse=True)
ZH_QUESTION_WORDS_SET = frozenset(ZH_QUESTION_WORDS)
# 几 or 多少 with a measure word (几篇, 几次, 几倍, 多少项) asks how many: a question word too.
ZH_HOW_MANY = re.compile(r"(?:几|多少)[\u4e00-\u9fff]")
# Question marks: a question even without a question word.
QUESTION_RE = re.compile(r"[?？]|^\s*(?:what|which|who|when|where|why|how|does|do|is|are|can|could|may|must|should)\b"
                         r"|吗|呢|是否|什么|哪些|哪个|多少|几年|怎么|如何|能否|能不能|可以", re.I)


@dataclass
class Understanding:
    """A query's content words and what was understood about it."""

    content: str
    question: bool = False
    asks: str | None = None
    city: str | None = None
    doc: str | None = None
    translation: str | None = None
    removed: list[str] = field(default_factory=list)
    # What the asker states they hold (:mod:`.constraints`): filters on the occupations.
    constraints: Constraints = field(default_factory=Constraints)

    def as_dict(self) -> dict[str, Any] | None:
        out = {k: v for k, v in (("question", self.question), ("asks", self.asks), ("city", self.city),
                                 ("doc", self.doc), ("translation", self.translation),
                                 ("constraints", self.constraints.as_dict())) if v}
        if not out:
            return None
        out.setdefault("question", False)
        out["content"] = self.content
        return out


@lru_cache(maxsize=4096)  # the cues are the module's and the vocabulary's: a bounded set
def _cue_pattern(cue: str) -> re.Pattern[str]:
    """``cue`` as a whole English word or phrase, in any case."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(cue)}(?![a-z0-9])", re.I)


@lru_cache(maxsize=1024)  # the module's and the vocabulary's cue lists: a bounded set
def _cues_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any English cue of ``cues`` as a whole word or phrase, in any case (one search for a
    list instead of one per cue)."""
    english = sorted((c for c in cues if c.isascii()), key=len, reverse=True)
    if not english:
        return None
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(re.escape(c) for c in english)})(?![a-z0-9])", re.I)


def _any_en_cue(cues: tuple[str, ...], text: str) -> bool:
    pattern = _cues_pattern(cues)
    return pattern is not None and pattern.search(text) is not None


def compile_cues(places: tuple[Place, ...] = ()) -> None:
    """Compile the pattern of every English cue and cue list now: a server does it before it
    forks its workers, so no request pays a pattern's first use (a quarter of a millisecond
    each, a millisecond or more for a question naming a city or a field the first time)."""
    lists = [cues for _, _, cues in places] + [cues for _, cues in TOPICS]
    lists += [en for _, en, _ in FIELD_KEYWORDS] + [en for _, en, _ in ASKS]
    for cues in lists:
        _cues_pattern(tuple(cues))
        for cue in cues:
            if cue.isascii():
                _cue_pattern(cue)


def _en_cue(cue: str, text: str) -> bool:
    # ``text`` is lower case already; the pattern ignores case for _remove_en.
    return _cue_pattern(cue).search(text) is not None


def _remove_en(cue: str, text: str) -> str:
    return _cue_pattern(cue).sub(" ", text)


def understand(text: str, places: tuple[Place, ...] = ()) -> Understanding:
    """The content and the understanding of ``text`` (already normalised and simplified);
    ``places`` are the cities a question may name (:func:`places_of`)."""
    for pattern in TRANSLATION_PATTERNS:
        m = pattern.match(text)
        if m and m.group("term").strip(" \"'“”‘’「」"):
            term = m.group("term").strip(" \"'“”‘’「」")
            return Understanding(term, question=True, translation=term)
    is_question = QUESTION_RE.search(text) is not None
    constraints, stated = read_constraints(text)
    original, text = text, stated  # the phrases stating a constraint are not content
    # An age ("35 years old", 35岁) is not the experience a question asks about.
    lower = without_ages(text).lower()
    u = Understanding(text, question=is_question, constraints=constraints)
    for city, doc, cues in places:
        if not _any_en_cue(cues, lower) and not any(c in lower for c in cues if not c.isascii()):
            continue
        for cue in cues:
            if (_en_cue(cue, lower) if cue.isascii() else cue in lower) and (cue != "京" or "北京" in text
                                                                          or re.search(r"京(?![剧])", text)):
                u.city, u.doc = city, doc
                break
        if u.city:
            break
    if u.doc is None:
        u.doc = next((doc for doc, cues in TOPICS
                      if _any_en_cue(cues, lower) or any(c in text for c in cues if not c.isascii())), None)
    keyword_asks = None if is_question else next(
        ((name, en, zh) for name, en, zh in FIELD_KEYWORDS
         if _any_en_cue(en, lower) or any(c in text for c in zh)), None)
    if not is_question and u.city is None and keyword_asks is None and not constraints:
        return Understanding(original)
    content = text
    if keyword_asks:
        name, en_cues, zh_cues = keyword_asks
        for cue in en_cues:
            content = _remove_en(cue, content)
        for cue in zh_cues:
            content = content.replace(cue, " ")
        if re.search(r"\w", content.replace("要求", "")):  # the requirement alone is searched as typed
            u.asks = name
        else:
            content = text
    if is_question:
        ageless = without_ages(text)
        for name, en_cues, zh_cues in ASKS:
            if _any_en_cue(en_cues, lower) or any(_zh_words(c, ageless) for c in zh_cues):
                needs, unless = ASKS_CONDITIONS.get(name, (None, None))
                if (needs and not needs.search(text)) or (unless and unless.search(text)):
                    continue
                u.asks = name
                break
        when = VALIDITY_WHEN_RE.search(content) if u.asks is None and u.doc else None
        if when:
            # When the document a question names starts or ends ("When does the Beijing pilot
            # end?", 北京试点什么时候结束): its validity, and the verb is not content.
            u.asks = "validity"
            verb = "en" if when.group("en") else "zh"
            content = content[:when.start(verb)] + " " + content[when.end(verb):]
    if u.city:
        for cue in next(c for n, _, c in places if n == u.city):
            content = _remove_en(cue, content) if cue.isascii() else re.sub(re.escape(cue), " ", content, flags=re.I)
        # "Beijing's" without its city is no word.
        content = re.sub(r"(?<![A-Za-z0-9])['’]s\b", " ", content)
    if is_question:
        if u.asks:
            _, en_cues, zh_cues = next(a for a in ASKS if a[0] == u.asks)
            for cue in en_cues:
                content = _remove_en(cue, content)
            for cue in zh_cues:
                for start, end in _zh_words(cue, content):
                    content = content[:start] + " " * (end - start) + content[end:]
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-]*|[^\sA-Za-z0-9]+", content)
        kept = []
        for word in words:
            if word.isascii():
                base = word.lower().removesuffix("'s").removesuffix("’s")
                if base in EN_QUESTION_WORDS:
                    u.removed.append(word)
                    continue
                kept.append(word)
            else:
                kept.append(_strip_zh(word, u.removed))
        content = " ".join(kept)
    content = " ".join(re.sub(r"[?？!！,，.。、;；:：]", " ", content).split())
    # A question that is nothing but question words is searched as typed; one that also names a
    # city or states what the asker holds ("I have a master's, which job in Beijing?") asks for
    # what those allow: no words to search.
    if re.search(r"\w", content):
        u.content = content
    else:
        u.content = "" if (u.city or constraints) else original
    return u


@lru_cache(maxsize=4096)
def _word_bounds(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Where jieba's words of ``text`` start and end (cached: every cue asks about the same text)."""
    from ..analysis import query_tokens

    tokens = [(start, end) for _, start, end in query_tokens(text)]
    return frozenset(s for s, _ in tokens), frozenset(e for _, e in tokens)


def _zh_words(cue: str, text: str) -> list[tuple[int, int]]:
    """Where ``cue`` stands as whole jieba words in ``text`` (博士 is not in 博士后)."""
    at = text.find(cue)
    if at < 0:
        return []
    starts, ends = _word_bounds(text)
    found = []
    while at >= 0:
        if at in starts and at + len(cue) in ends:
            found.append((at, at + len(cue)))
        at = text.find(cue, at + 1)
    return found


def _strip_zh(run: str, removed: list[str]) -> str:
    """Chinese question words out of a run, by jieba word (so 智能 keeps its 能)."""
    from ..analysis import query_tokens

    kept = []
    for word, _, _ in query_tokens(run):
        if word in ZH_QUESTION_WORDS_SET or ZH_HOW_MANY.fullmatch(word):
            removed.append(word)
            kept.append(" ")
        else:
            kept.append(word)
    return "".join(kept)
