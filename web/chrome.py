"""The page chrome: interface language (中文 / English), labels for values, template helpers.

The interface language only changes the words around the content: the
content itself is always shown in both languages. The choice is kept in a
cookie for a year, so it persists across pages and visits; the switch is a
plain link, so it works without JavaScript.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, g, make_response, redirect, request
from markupsafe import Markup, escape

bp = Blueprint("chrome", __name__)

LANGUAGES = ("zh", "en")
COOKIE = "lang"

# Interface words. Content is never translated here.
UI: dict[str, dict[str, str]] = {
    "site": {"zh": "外籍人才政策知识库", "en": "Foreign-talent policy knowledge base"},
    "search": {"zh": "搜索", "en": "Search"},
    "documents": {"zh": "文件", "en": "Documents"},
    "terms": {"zh": "术语库", "en": "Term base"},
    "self_check": {"zh": "资格自测", "en": "Self-check"},
    "figures": {"zh": "统计", "en": "Figures"},
    "search_placeholder": {"zh": "职业、条款或术语（中文、English、繁體）",
                           "en": "Occupation, clause or term (English, 中文, 繁體)"},
    "results": {"zh": "条结果", "en": "results"},
    "no_results": {"zh": "没有找到结果。", "en": "Nothing found."},
    "converted": {"zh": "已从繁体转换为简体：", "en": "Converted from traditional Chinese:"},
    "also_searched": {"zh": "同时搜索了：", "en": "Also searched:"},
    "did_you_mean": {"zh": "您是不是要找：", "en": "Did you mean:"},
    "filters": {"zh": "筛选", "en": "Filters"},
    "clear_filters": {"zh": "清除筛选", "en": "Clear filters"},
    "chinese": {"zh": "中文", "en": "Chinese"},
    "english": {"zh": "英文", "en": "English"},
    "no_english": {"zh": "无英文版本（仅有中文原文）", "en": "No English version (the source is Chinese only)"},
    "no_chinese": {"zh": "无中文版本", "en": "No Chinese version"},
    "unofficial": {"zh": "非官方译文", "en": "unofficial translation"},
    "unofficial_long": {"zh": "英文为本知识库自译，非官方译文",
                        "en": "The English is this knowledge base's own translation, not an official one"},
    "source": {"zh": "来源", "en": "Source"},
    "citation": {"zh": "引用", "en": "Citation"},
    "copy": {"zh": "复制", "en": "Copy"},
    "copied": {"zh": "已复制", "en": "Copied"},
    "notes": {"zh": "说明", "en": "Notes"},
    "related": {"zh": "另一城市的相关职业", "en": "Related occupations in the other city"},
    "compare": {"zh": "要求对比", "en": "Requirements compared"},
    "same": {"zh": "相同", "en": "same"},
    "different": {"zh": "不同", "en": "differs"},
    "field": {"zh": "项目", "en": "Field"},
    "show_more": {"zh": "显示更多", "en": "Show more"},
    "read_in_context": {"zh": "在原文中阅读", "en": "Read in context"},
    "permalink": {"zh": "永久链接", "en": "Permalink"},
    "contents": {"zh": "目录", "en": "Contents"},
    "issuer": {"zh": "发布机构", "en": "Issuer"},
    "date": {"zh": "日期", "en": "Date"},
    "records_in_doc": {"zh": "条职业记录", "en": "occupation records"},
    "sections": {"zh": "节", "en": "sections"},
    "lookup": {"zh": "查询", "en": "Look up"},
    "term_placeholder": {"zh": "中文或英文术语", "en": "A term in Chinese or English"},
    "frequency": {"zh": "频次", "en": "Frequency"},
    "places": {"zh": "出处", "en": "Places"},
    "kind": {"zh": "类型", "en": "Kind"},
    "download": {"zh": "下载", "en": "Download"},
    "consistency": {"zh": "译法一致性报告", "en": "Consistency report"},
    "consistency_help": {"zh": "同一术语有多种译法的情况，多数译法在前。",
                         "en": "Terms rendered more than one way; the majority rendering first."},
    "majority": {"zh": "多数译法", "en": "Majority rendering"},
    "renderings": {"zh": "译法", "en": "Renderings"},
    "number_mismatches": {"zh": "数字不一致", "en": "Numbers that differ"},
    "all_pairs": {"zh": "全部术语对", "en": "All term pairs"},
    "degree": {"zh": "最高学历", "en": "Highest degree"},
    "years": {"zh": "工作年限", "en": "Years of experience"},
    "keywords": {"zh": "专业领域关键词（可选）", "en": "Field keywords (optional)"},
    "check": {"zh": "自测", "en": "Check"},
    "qualified": {"zh": "符合要求的职业", "en": "Occupations you qualify for"},
    "near_misses": {"zh": "差一项要求的职业", "en": "Near misses: one requirement not met"},
    "not_met": {"zh": "未满足", "en": "not met"},
    "met": {"zh": "满足", "en": "met"},
    "needed": {"zh": "要求", "en": "Required"},
    "you": {"zh": "您", "en": "You"},
    "self_check_help": {
        "zh": "输入您的学历和工作年限，可选填专业领域；列出两个城市中您符合要求的职业，以及只差一项要求的职业。结果仅供参考，以官方认定为准。",
        "en": "Enter your degree and years of experience, and optionally your field; the page lists the "
              "occupations in both cities whose requirements you meet, and those where one requirement is "
              "not met. For guidance only: the official assessment decides."},
    "by": {"zh": "按", "en": "By"},
    "count": {"zh": "数量", "en": "Count"},
    "stated_figures": {"zh": "文件自述数字核对", "en": "Figures the documents state, recomputed"},
    "stated": {"zh": "文件所述", "en": "Stated"},
    "computed": {"zh": "记录计算", "en": "Computed"},
    "json": {"zh": "JSON", "en": "JSON"},
    "error": {"zh": "出错了", "en": "Something is wrong"},
    "back_home": {"zh": "返回搜索", "en": "Back to search"},
    "language": {"zh": "界面语言", "en": "Interface language"},
    "all_documents": {"zh": "全部文件", "en": "All documents"},
    "occupation": {"zh": "职业", "en": "Occupation"},
    "section": {"zh": "条款", "en": "Clause"},
    "term": {"zh": "术语", "en": "Term"},
}

# Labels of the normalised values the facets and records use.
VALUE_LABELS: dict[str, dict[str, dict[str, str]]] = {
    "kind": {"occupation": {"zh": "职业", "en": "Occupation"}, "section": {"zh": "条款", "en": "Clause"},
             "term": {"zh": "术语", "en": "Term"}},
    "list": {"qianhai-demand": {"zh": "前海·需求导向型", "en": "Qianhai, demand-oriented"},
             "qianhai-strategic": {"zh": "前海·战略导向型", "en": "Qianhai, strategy-oriented"},
             "beijing-urgent": {"zh": "北京·急需紧缺岗位", "en": "Beijing, urgently needed"}},
    "city": {"qianhai": {"zh": "前海（深圳）", "en": "Qianhai (Shenzhen)"}, "beijing": {"zh": "北京", "en": "Beijing"},
             "shanghai": {"zh": "上海", "en": "Shanghai"}},
    "min_degree": {"bachelor": {"zh": "学士", "en": "Bachelor's"}, "master": {"zh": "硕士", "en": "Master's"},
                   "doctor": {"zh": "博士", "en": "Doctorate"}},
    "shortage_duration": {"near": {"zh": "近期（＜1年）", "en": "Near term (<1 year)"},
                          "short": {"zh": "短期（1–3年）", "en": "Short term (1–3 years)"},
                          "long": {"zh": "长期（＞3年）", "en": "Long term (>3 years)"}},
    "severity": {"moderate": {"zh": "一般紧缺", "en": "Moderate shortage"},
                 "relative": {"zh": "比较紧缺", "en": "Relative shortage"},
                 "extreme": {"zh": "极度紧缺", "en": "Extreme shortage"}},
}
FACET_LABELS: dict[str, dict[str, str]] = {
    "kind": {"zh": "类型", "en": "Kind"},
    "doc": {"zh": "文件", "en": "Document"},
    "list": {"zh": "清单", "en": "List"},
    "city": {"zh": "城市", "en": "City"},
    "industry": {"zh": "行业", "en": "Industry"},
    "min_degree": {"zh": "最低学历", "en": "Minimum degree"},
    "experience_years": {"zh": "工作经历（年）", "en": "Experience (years)"},
    "shortage_duration": {"zh": "紧缺持续时间", "en": "Shortage duration"},
    "severity": {"zh": "紧缺程度", "en": "Severity"},
}


def ui_language() -> str:
    lang = request.cookies.get(COOKIE, "")
    if lang in LANGUAGES:
        return lang
    best = request.accept_languages.best_match(["zh", "zh-CN", "zh-TW", "en"], default="en")
    return "zh" if best.startswith("zh") else "en"


def t(key: str) -> str:
    """An interface word in the interface language."""
    return UI[key][g.get("ui_lang") or ui_language()]


def both(key: str) -> dict[str, str]:
    return UI[key]


def value_label(facet: str, value: str, lang: str | None = None) -> str:
    """A normalised value in words (``master`` → 硕士 / Master's); documents and industries
    take their names from the build."""
    lang = lang or g.get("ui_lang") or "en"
    if facet == "doc":
        from . import get_kb

        if value == "term-base":
            return UI["terms"][lang]
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
    label = VALUE_LABELS.get(facet, {}).get(value)
    return label[lang] if label else value


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
    if code not in LANGUAGES:
        from flask import abort

        abort(400, description=f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
    response = make_response(redirect(safe_next(request.args.get("next")), code=303))
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def install(app: Flask) -> None:
    @app.before_request
    def choose_language() -> None:
        g.ui_lang = ui_language()

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"t": t, "ui_lang": g.get("ui_lang", "en"), "value_label": value_label, "url_with": url_with,
                "facet_labels": FACET_LABELS, "both": both}

    app.jinja_env.filters["marked"] = marked
