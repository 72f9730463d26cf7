"""``kb show``: one record or section in both languages, side by side in a terminal."""

from __future__ import annotations

import textwrap
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from ..errors import UnknownItemError
from .common import as_of_option, data_dir_option, echo_json, load_kb, validity_line

if TYPE_CHECKING:
    from ..store import KnowledgeBase


def _curated_label() -> str:
    """The English label of curated (unofficial) English, as the web shows it."""
    from ..translation.curated import LABEL

    return LABEL["en"]


def _bi(value: dict[str, Any] | None) -> tuple[str, str]:
    value = value or {}
    def fmt(v: Any) -> str:
        if v is None:
            return "—"
        if isinstance(v, list):
            return "\n".join(f"{i}. {item}" for i, item in enumerate(v, 1))
        return str(v)
    return fmt(value.get("zh")), fmt(value.get("en"))


def _two_columns(rows: list[tuple[str, str, str]]) -> None:
    """Label, Chinese and English side by side. Widths are terminal columns (wcwidth): a Chinese
    character takes two, so both columns wrap and pad by what they show, not by characters."""
    import wcwidth

    width = 38
    for label, zh, en in rows:
        zh_lines = sum((wcwidth.wrap(p, width) or [""] for p in zh.split("\n")), [])
        en_lines = sum((wcwidth.wrap(p, width) or [""] for p in en.split("\n")), [])
        for i in range(max(len(zh_lines), len(en_lines))):
            head = label if i == 0 else ""
            left = zh_lines[i] if i < len(zh_lines) else ""
            right = en_lines[i] if i < len(en_lines) else ""
            click.echo(f"  {head:<14}{wcwidth.ljust(left, width - 1)} {right}")


def _show_record(record: dict[str, Any]) -> None:
    official = "" if "title.en" not in record["unofficial"] else "  [English unofficial]"
    click.echo(f"{record['id']}  {record['title']['zh']} / {record['title']['en']}{official}")
    click.echo(f"  {record['source']['citation']['zh']}")
    if record["source"]["citation"]["en"]:
        click.echo(f"  {record['source']['citation']['en']}")
    click.echo("")
    _two_columns([
        ("industry", record["industry"]["zh"], record["industry"]["en"]
         + (" [unofficial]" if "industry.en" in record["unofficial"] else "")),
        ("competencies", *_bi(record["competencies"])),
        ("specialties", *_bi(record["specialties"])),
        ("degree", *_bi(record["degree"])),
        ("experience", *_bi(record["experience"])),
        ("duration", *_bi(record["shortage_duration_label"])),
        ("severity", *_bi(record["severity_label"])),
        ("other", *_bi(record["other"])),
    ])
    click.echo("")
    values = [f"min_degree={record['min_degree']}", f"experience_years={record['experience_years']}",
              f"shortage_duration={record['shortage_duration']}", f"severity={record['severity']}",
              f"industry={record['industry']['key']}", f"list={record['list']}", f"city={record['city']}"]
    click.echo("  normalised: " + ", ".join(values))
    for lang, info in record["source"]["files"].items():
        if info:
            click.echo(f"  source ({lang}): {info['path']} lines {info['lines'][0]}-{info['lines'][1]}")
    for note in record["notes"]:
        click.echo(f"  note [{note['kind']}] {note['text']}")


def _show_section(kb: KnowledgeBase, pair: dict[str, Any], citation: dict[str, Any]) -> None:
    for lang in ("zh", "en"):
        section = pair[lang]
        if section is None:
            continue
        heading = " ".join(p for p in (section["number"], section["heading"]) if p) or section["kind"]
        click.echo(f"[{section['id']}] {heading}")
        click.echo(f"  cite as: {citation[lang]}")
        if lang == "zh" and pair["en"] is None:
            click.echo(f"  cite as (English): {citation['en']}")
        src = section["source"]
        page = f", page {src['page']}" if src.get("page") else ""
        click.echo(f"  source: {src['path']} lines {src['lines'][0]}-{src['lines'][1]}{page}")
        for paragraph in section["body"].split("\n\n") if section["body"] else []:
            for line in textwrap.wrap(paragraph, 40 if lang == "zh" else 88) or [""]:
                click.echo(f"    {line}")
        for i, footnote in enumerate(section["footnotes"], 1):
            click.echo(f"    [footnote {i}] {footnote}")
        if section["records"]:
            click.echo(f"    records: {', '.join(section['records'])}")
        for child in kb.children(section["id"]):
            click.echo(f"    › {child['id']} {child['heading'] or ''}")
        for note in section["notes"]:
            click.echo(f"  note [{note['kind']}] {note['text']}")
        click.echo("")
    curated = pair["zh"].get("translation") if pair["zh"] and pair["en"] is None else None
    if curated and curated["status"] != "missing":
        click.echo(f"[English: {_curated_label()}]")
        if curated["heading"]:
            click.echo(f"  {curated['heading']}")
        for paragraph in (curated["body"] or "").split("\n\n"):
            for line in textwrap.wrap(paragraph, 88) or [""]:
                click.echo(f"    {line}")
        click.echo("")


def _show_unit(kb: KnowledgeBase, unit: dict[str, Any]) -> None:
    english = kb.unit_english(unit)
    click.echo(f"[{unit['id']}] {unit['kind']} {unit['number']} of {unit['section']}")
    for lang in ("zh", "en"):
        click.echo(f"  cite as ({lang}): {unit['citation'][lang]}")
    for line in textwrap.wrap(unit["text"], 40 if unit["lang"] == "zh" else 88):
        click.echo(f"    {line}")
    if unit["lang"] == "zh":
        label = {"official": "official English", "unofficial": _curated_label(),
                 "outdated": "translation outdated", "missing": "no English"}[english["status"]]
        click.echo(f"  English ({label}):")
        for line in textwrap.wrap(english["text"] or "", 88):
            click.echo(f"    {line}")
    for note in unit["notes"]:
        click.echo(f"  note [{note['kind']}] {note['text']}")


@click.command()
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract.")
@as_of_option
@data_dir_option
@click.pass_context
def show(ctx: click.Context, item_id: str, as_json: bool, as_of: date) -> None:
    """Show one record (qh-s06), section (beijing-notice:zh:annex-1.2.2) or paragraph unit
    (liu-migration:zh:s2:p3) in both languages."""
    from ..services.validity import validity_as_of

    kb = load_kb(ctx)
    try:
        item = kb.get(item_id)
    except UnknownItemError as exc:
        hint = ("ids look like qh-d01, qh-s21, bj-25, qianhai-list:zh:2.3 or liu-migration:zh:s2:p3; "
                "`kb export --format jsonl` lists all")
        raise click.ClickException(f"{exc} ({hint})") from None
    validity = validity_as_of(kb.documents.get(item["doc"]) or {}, as_of)
    if as_json:
        if item["item"] == "occupation":
            echo_json({**item, "validity": validity})
        elif item["item"] == "unit":
            echo_json({**item, "english": kb.unit_english(item), "validity": validity})
        else:
            pair = kb.section_pair(item_id)
            echo_json({"id": item_id, "kind": "section", "doc": item["doc"], "zh": pair["zh"], "en": pair["en"],
                       "citation": kb.section_citation(item_id), "validity": validity})
        return
    if item["item"] == "occupation":
        _show_record(item)
    elif item["item"] == "unit":
        _show_unit(kb, item)
    else:
        _show_section(kb, kb.section_pair(item_id), kb.section_citation(item_id))
    click.echo(f"  validity: {validity_line(validity)}")
    document = kb.documents.get(item["doc"]) or {}
    for amendment in document.get("amended_by") or []:
        click.echo(f"  amended: {amendment['note']['en']} / {amendment['note']['zh']} ({amendment['doc']})")
    if document.get("amends"):
        click.echo(f"  amends: {document['amends']['note']['en']} / {document['amends']['note']['zh']}")
