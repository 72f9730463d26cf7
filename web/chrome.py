"""The page chrome: interface language (English / 繁 / 简), labels for values, template helpers.

The interface language only changes the words around the content: the
content itself is always shown in both languages. Traditional Chinese (繁,
``zh-Hant``) is simplified Chinese shown converted (:mod:`web.hant`): its
content language is ``zh`` (``ui_lang``, the key of the content's
``{"zh": ..., "en": ...}``), its script ``Hant`` (``ui_script``). The words are gettext
messages (English source text) translated by Flask-Babel from the catalog
``web/translations/zh/LC_MESSAGES/messages.po``, which translators edit in
their usual PO tools; ``make`` compiles it (``messages.mo`` is never
committed). A first visit gets the language its browser asks for
(``Accept-Language``); the switch, a plain link that works without
JavaScript, keeps the choice in a cookie for a year.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, g, has_request_context, make_response, redirect, request
from flask_babel import Babel, force_locale, get_locale, get_translations, gettext
from jinja2 import pass_context
from markupsafe import Markup, escape

from kb.services.validity import LABELS as STATUS_LABELS

from .hant import to_traditional

bp = Blueprint("chrome", __name__)

LANGUAGES = ("zh", "en")
# The interface languages (the switch's codes): each one's content language and Babel locale.
INTERFACE_LANGUAGES: dict[str, tuple[str, str]] = {"en": ("en", "en"), "zh-Hant": ("zh", "zh_Hant"),
                                                   "zh": ("zh", "zh")}
COOKIE = "lang"


def N_(message: str) -> str:
    """Marks ``message`` for the catalog (``pybabel extract``); it is translated where it is shown."""
    return message


# Labels of the normalised values the facets and records use (messages, translated when shown).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "kind": {"occupation": N_("Occupation"), "section": N_("Clause"), "passage": N_("Passage"), "term": N_("Term")},
    # What a question asks about (the search's ``understood.asks``).
    "asks": {"min_degree": N_("degree"), "experience_years": N_("experience"), "specialties": N_("specialties"),
             "severity": N_("severity"), "shortage_duration": N_("shortage duration"),
             "other": N_("other requirements"), "requirements": N_("requirements"), "validity": N_("validity")},
    # What an editorial note on a record says (kb.model.Note.kind), shown in its source details.
    "note": {"disagreement": N_("versions disagree"), "missing": N_("value missing in one version"),
             "recovered": N_("value recovered"), "erratum": N_("erratum"), "unofficial": N_("unofficial translation"),
             "translation": N_("translation outdated"), "alignment": N_("no counterpart"),
             "implausible": N_("doubtful alignment"), "amendment": N_("amended")},
    # Where a term pair comes from (kb.terms TERM_KINDS).
    "term_kind": {"title": N_("occupation title"), "value": N_("field value"), "label": N_("field name"),
                  "heading": N_("heading"), "sub-term": N_("sub-term")},
}
# The facets whose values are the corpus's vocabularies (corpus/vocabularies.toml, kept in the
# build): their labels come from the build, in both languages, not from the catalog.
VOCABULARY_FACETS: dict[str, str] = {"list": "lists", "city": "cities", "min_degree": "degrees",
                                     "shortage_duration": "shortage_durations", "severity": "severities"}
FACET_LABELS: dict[str, str] = {
    "kind": N_("Kind"),
    "doc": N_("Document"),
    "list": N_("List"),
    "city": N_("City"),
    "industry": N_("Industry"),
    "min_degree": N_("Minimum degree"),
    "experience_years": N_("Experience (years)"),
    "shortage_duration": N_("Shortage duration"),
    "severity": N_("Severity"),
    "status": N_("Validity"),
}


def ui_language() -> str:
    """The interface language of this request (a key of ``INTERFACE_LANGUAGES``): the
    cookie's choice, else the browser's (zh-TW, zh-HK and zh-Hant get 繁)."""
    lang = request.cookies.get(COOKIE, "")
    if lang in INTERFACE_LANGUAGES:
        return lang
    best = request.accept_languages.best_match(["zh", "zh-CN", "zh-Hans", "zh-TW", "zh-HK", "zh-MO", "zh-Hant",
                                                "en"], default="en")
    if best in ("zh-TW", "zh-HK", "zh-MO", "zh-Hant"):
        return "zh-Hant"
    return "zh" if best.startswith("zh") else "en"


def in_language(message: str, lang: str) -> str:
    """``message`` in ``lang``, whatever the interface language (remembered for the request:
    switching Flask-Babel's locale costs more than the look-up, and the figures and facet
    lists ask for the same labels over and over)."""
    memo = g.setdefault("in_language", {})
    found = memo.get((message, lang))
    if found is None:
        with force_locale(lang):
            found = memo[message, lang] = gettext(message)
    return found


def both(message: str) -> dict[str, str]:
    """``message`` in both languages (labels that show Chinese and English together)."""
    return {lang: in_language(message, lang) for lang in LANGUAGES}


def facet_label(facet: str) -> str:
    return gettext(FACET_LABELS[facet])


def value_label(facet: str, value: str, lang: str | None = None) -> str:
    """A normalised value in words (``master`` → 硕士 / Master's); documents and industries
    take their names from the build."""
    lang = lang or g.get("ui_lang") or "en"
    if facet == "doc":
        from . import get_kb

        if value == "term-base":
            return in_language(N_("Term base"), lang)
        doc = get_kb().documents.get(value)
        return doc["title"][lang] if doc else value
    if facet == "industry":
        from . import get_kb

        kb = get_kb()
        names = kb.memo("industry names", lambda: {r["industry"]["key"]: r["industry"] for r in kb.records})
        name = names.get(value)
        return (name[lang] or name["zh"]) if name else value
    if facet == "experience_years":
        return f"{value} 年以上" if lang == "zh" else f"{value}+ years"
    if facet == "status" and value in STATUS_LABELS:
        return STATUS_LABELS[value][lang]
    if facet in VOCABULARY_FACETS:
        from . import get_kb

        entry = get_kb().vocabularies.get(VOCABULARY_FACETS[facet], {}).get(value)
        # An entry an editor has not labelled in Chinese yet shows its English (the key at first).
        return (entry.get(lang) or entry.get("en") or value) if entry else value
    label = VALUE_LABELS.get(facet, {}).get(value)
    return in_language(label, lang) if label else value


_ONLY_MARKS = re.compile(r"</?mark>")


def marked(text: str | None) -> Markup:
    """A snippet from the search: escaped text with ``<mark>`` around matches. Anything else
    that looks like markup means it did not come from the snippet builder: escaped whole."""
    if not text:
        return Markup("")
    if "<" in _ONLY_MARKS.sub("", text) or ">" in _ONLY_MARKS.sub("", text):
        return escape(text)
    return Markup(text)


def safe_next(target: str | None) -> str:
    """Only a path on this site, and only printable text: the switch must not redirect
    elsewhere, and a control or format character (a newline would split the Location header;
    urlsplit silently drops tabs and newlines) sends the user to ``/`` rather than being cleaned."""
    if not target or not target.isprintable() or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def url_with(params: dict[str, Any] | None = None, **changes: Any) -> str:
    """This page's URL with its known parameters ``params`` (:func:`web.params.known`), some
    changed (None removes one); no other parameter of the request is carried over."""
    merged = {**(params or {}), **changes}
    query = urlencode([(k, v) for k, v in merged.items() if v is not None])
    return request.path + ("?" + query if query else "")


@bp.get("/lang/<code>")
def switch_language(code: str):  # type: ignore[no-untyped-def]
    """Set the interface language and go back to the page the switch was clicked on."""
    if code not in INTERFACE_LANGUAGES:
        from flask import abort

        abort(400, description=f"language must be one of {', '.join(INTERFACE_LANGUAGES)}, not {code!r}")
    response = make_response(redirect(safe_next(request.args.get("next")), code=303))
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def compile_catalogs(app: Flask) -> None:
    """Compile each ``messages.po`` whose ``messages.mo`` is missing or older. ``make`` does this
    before serving or testing; this covers an install that skipped it (``pip install -e .``),
    which would otherwise show every page in English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted((Path(app.root_path) / "translations").glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            with po.open("rb") as fh:
                catalog = read_po(fh)
            partial = mo.with_name(f".{mo.name}.{os.getpid()}")
            with partial.open("wb") as fh:
                write_mo(fh, catalog)
            os.replace(partial, mo)  # a concurrent reader sees the old catalog or the new one
        except OSError as exc:
            app.logger.warning("cannot compile %s (%s); run `make` to compile the catalogs", po, exc)


def _translated(method: str, *args: Any) -> Markup:
    """A template's interface word in the request's language, escaped; remembered for the
    request, because a page such as the reader asks for the same label on every paragraph and
    Flask-Babel looks up the locale and its catalog again on every call."""
    memo = g.get("translated")
    if memo is None:
        memo = g.translated = {}
    key = (get_locale(), method, *args)  # force_locale may change the language within a request
    found = memo.get(key)
    if found is None:
        found = memo[key] = escape(getattr(get_translations(), method)(*args))
    return found


@pass_context
def in_script(_context: Any, value: Any) -> Any:
    """What a template prints, in the request's script: converted to traditional characters
    when the interface is 繁 (Jinja's ``finalize``: every ``{{ ... }}``, not the templates'
    own markup). Markup stays markup: the conversion changes no ASCII, so no tag or entity."""
    if not isinstance(value, str) or value.isascii() or not has_request_context() or g.get("ui_script") != "Hant":
        return value
    converted = to_traditional(str(value))
    return Markup(converted) if isinstance(value, Markup) else converted


def install(app: Flask) -> None:
    """Flask-Babel with this module's choice of language, and the template helpers."""
    compile_catalogs(app)
    Babel(app, locale_selector=lambda: INTERFACE_LANGUAGES[g.get("ui_code") or ui_language()][1])
    # Flask-Babel's template gettext marks a translation safe HTML as it is; a catalog is text
    # that translators edit, so it is escaped like everything else a template prints.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translated("ugettext", s),
        ngettext=lambda s, p, n: _translated("ungettext", s, p, n),
        pgettext=lambda c, s: _translated("upgettext", c, s),
        npgettext=lambda c, s, p, n: _translated("unpgettext", c, s, p, n),
        newstyle=True)

    @app.before_request
    def choose_language() -> None:
        g.ui_code = ui_language()
        g.ui_lang = INTERFACE_LANGUAGES[g.ui_code][0]
        g.ui_script = "Hant" if g.ui_code == "zh-Hant" else None

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"ui_lang": g.get("ui_lang", "en"), "ui_code": g.get("ui_code", "en"),
                "ui_script": g.get("ui_script"), "value_label": value_label, "url_with": url_with,
                "facet_label": facet_label, "facet_labels": FACET_LABELS, "both": both}

    app.jinja_env.filters["marked"] = marked
    app.jinja_env.finalize = in_script

    @app.after_request
    def traditional_language_tags(response):  # type: ignore[no-untyped-def]
        """Under 繁 the templates' ``lang="zh-Hans"`` marks text now in traditional script:
        say so (screen readers and fonts follow ``lang``). The switch's 简 is ``zh-Hans-CN``."""
        if g.get("ui_script") == "Hant" and response.mimetype == "text/html" and not response.direct_passthrough:
            response.set_data(response.get_data(as_text=True).replace(' lang="zh-Hans"', ' lang="zh-Hant"'))
        return response
