"""``kb add``: a made-up regulation in each format a document comes in, added to a copy of the
corpus, built, and found by its articles; and every kind of bad input refused, nothing written.

The regulation (某区外籍青年科技人才服务条例, written for these tests) has a title, a note under it
with its decree and dates, 3 chapters, 5 articles, paragraphs (款), items (（一）) and sub-items
(1.). Each format carries it under another district's name (甲区 … 戊区), so each is its own
document: a web page with navigation, a footer and scripts around it (HTML), the same page
printed to PDF by Chromium (with Chromium's running header and page numbers), a Word file with
heading styles and a numbered list, Markdown, and a GB18030 text. Its official-style English is
added with ``--translates``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.store import KnowledgeBase

from .conftest import CORPUS

CHROMIUM = Path("/usr/bin/chromium")
AREAS = {"html": "甲区", "pdf": "乙区", "docx": "丙区", "md": "丁区", "txt": "戊区"}


def chapters(area: str) -> list[tuple[str, list[tuple[str, list[str | list[str]]]]]]:
    """The regulation's body: chapters of articles; an article is paragraphs and items, and a
    list in it is the sub-items of the item before."""
    return [
        ("第一章　总则", [
            ("第一条", [f"为了做好{area}外籍青年科技人才的服务工作，促进区内科技创新，结合本区实际，制定本条例。"]),
            ("第二条", [f"本条例适用于在{area}从事研究开发工作的外籍青年科技人才。",
                       "本条例所称外籍青年科技人才，是指年龄在四十周岁以下、具有硕士以上学位的外国人。"]),
        ]),
        ("第二章　服务措施", [
            ("第三条", ["区科学技术部门为外籍青年科技人才提供下列服务：",
                       "（一）办理工作许可的咨询和预约；",
                       "（二）推荐入住青年人才公寓；",
                       "（三）协助安排子女入学，包括：",
                       ["就近入读公办学校；", "入读区内的国际学校。"],
                       "前款规定的服务不收取费用。"]),
            ("第四条", ["用人单位应当在外籍青年科技人才入职后三十日内，向区科学技术部门报送其研究方向和联系方式。"]),
        ]),
        ("第三章　附则", [
            ("第五条", ["本条例自2026年5月1日起施行。"]),
        ]),
    ]


def title(area: str) -> str:
    return f"{area}外籍青年科技人才服务条例"


NOTE = "（2026年1月15日{area}人民政府令第7号公布　自2026年5月1日起施行）"


def plain_lines(area: str) -> list[str]:
    """The regulation as plain text, a paragraph a line."""
    lines = [title(area), NOTE.format(area=area)]
    for chapter, articles in chapters(area):
        lines.append(chapter)
        for number, parts in articles:
            first = True
            for part in parts:
                if isinstance(part, list):
                    lines += [f"{n}.{text}" for n, text in enumerate(part, 1)]
                else:
                    lines.append(f"{number}　{part}" if first else part)
                    first = False
    return lines


def html_page(area: str) -> str:
    body = [f"<h1>{title(area)}</h1>", f"<p class='note'>{NOTE.format(area=area)}</p>"]
    for chapter, articles in chapters(area):
        body.append(f"<h2>{chapter}</h2>")
        for number, parts in articles:
            first = True
            for part in parts:
                if isinstance(part, list):
                    body.append("<p>" + "<br>".join(f"{n}.{t}" for n, t in enumerate(part, 1)) + "</p>")
                else:
                    body.append(f"<p>{number}　{part}</p>" if first else f"<p>{part}</p>")
                    first = False
    nav = "".join(f"<li><a href='/c{n}'>{name}</a></li>" for n, name in
                  enumerate(["首页", "机构概况", "政务公开", "政策文件", "办事服务", "互动交流", "专题专栏"]))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title(area)}_{area}人民政府门户网站</title>
<style>body {{ font-family: 'Noto Sans CJK SC', sans-serif; font-size: 22pt; }}
p {{ text-align: justify; }} nav, footer, .crumbs, .share {{ display: none; }}</style>
<script>window.analytics = "第九条 统计脚本的文字";</script></head>
<body><header><nav><ul>{nav}</ul><form><input name="q" placeholder="站内搜索"></form></nav></header>
<div class="crumbs">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<article class="content">{''.join(body)}</article>
<div class="share">分享到：微信 微博</div>
<footer><p>主办：{area}人民政府办公室　网站标识码：0000000000</p><p>版权所有　联系我们　网站地图</p></footer>
<script>document.title += "";</script></body></html>
"""


def markdown(area: str) -> str:
    out = [f"# {title(area)}", "", NOTE.format(area=area), ""]
    for chapter, articles in chapters(area):
        out += [f"## {chapter}", ""]
        for number, parts in articles:
            first = True
            for part in parts:
                if isinstance(part, list):
                    out += [f"{n}. {t}" for n, t in enumerate(part, 1)] + [""]
                else:
                    out += [f"**{number}**　{part}" if first else part, ""]
                    first = False
    return "\n".join(out)


def chinese_numbering(document) -> str:  # noqa: ANN001 - a python-docx Document
    """A list numbering of the document numbered （一） （二） as Word counts in Chinese; its numId."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag: str, **attrs: str):  # noqa: ANN202
        made = OxmlElement(tag)
        for key, value in attrs.items():
            made.set(qn(f"w:{key}"), value)
        return made
    numbering = document.part.numbering_part.element
    abstract = element("w:abstractNum", abstractNumId="90")
    level = element("w:lvl", ilvl="0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "chineseCounting"), ("w:lvlText", "（%1）")):
        level.append(element(tag, val=value))
    abstract.append(level)
    numbering.insert(0, abstract)  # abstract numberings come before the numberings that use them
    num = element("w:num", numId="90")
    num.append(element("w:abstractNumId", val="90"))
    numbering.append(num)
    return "90"


def write_docx(path: Path, area: str) -> None:
    """The regulation as Word writes it: Title and Heading 1 styles, its items in a list Word
    numbers （一）, its sub-items in the List Number style (1.): neither number is in the text."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    items = chinese_numbering(document)
    document.add_paragraph(title(area), style="Title")
    document.add_paragraph(NOTE.format(area=area))
    for chapter, articles in chapters(area):
        document.add_heading(chapter, level=1)
        for number, parts in articles:
            first = True
            for part in parts:
                if isinstance(part, list):
                    for text in part:
                        document.add_paragraph(text, style="List Number")
                elif part.startswith("（"):
                    paragraph = document.add_paragraph(part[3:])
                    num_pr = OxmlElement("w:numPr")
                    for tag, value in (("w:ilvl", "0"), ("w:numId", items)):
                        child = OxmlElement(tag)
                        child.set(qn("w:val"), value)
                        num_pr.append(child)
                    paragraph._p.get_or_add_pPr().append(num_pr)
                else:
                    document.add_paragraph(f"{number}　{part}" if first else part)
                    first = False
    document.save(str(path))


def print_pdf(html: Path, pdf: Path) -> None:
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                    html.as_uri()], check=True, capture_output=True, timeout=120)


ENGLISH = """Regulations of Jiaqu on Services for Foreign Young Scientific and Technological Talents
Chapter I General Provisions
Article 1 These Regulations are formulated to serve the foreign young scientific and technological talents of Jiaqu well and to promote innovation in the district, in light of the district's actual conditions.
Article 2 These Regulations apply to foreign young scientific and technological talents engaged in research and development in Jiaqu.
For the purposes of these Regulations, foreign young scientific and technological talents are foreigners aged forty or under who hold a master's degree or above.
Chapter II Services
Article 3 The district science and technology department provides foreign young scientific and technological talents with the following services:
(1) advice on and appointments for work permits;
(2) recommendation of housing in young talent apartments;
(3) help with school places for their children, including:
1. places in nearby public schools;
2. places in international schools in the district.
No fee is charged for the services provided for in the preceding paragraph.
"""


def corpus_hash(corpus: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(corpus.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(corpus).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def make_inputs(folder: Path) -> dict[str, Path]:
    inputs = {}
    html = folder / "jia-regulation.html"
    html.write_text(html_page(AREAS["html"]), encoding="utf-8")
    inputs["html"] = html
    if CHROMIUM.exists():  # without it the PDF's tests are skipped, the other formats' still run
        pdf_html = folder / "yi-regulation-print.html"
        pdf_html.write_text(html_page(AREAS["pdf"]), encoding="utf-8")
        inputs["pdf"] = folder / "yi-regulation.pdf"
        print_pdf(pdf_html, inputs["pdf"])
    inputs["docx"] = folder / "bing-regulation.docx"
    write_docx(inputs["docx"], AREAS["docx"])
    inputs["md"] = folder / "ding-regulation.md"
    inputs["md"].write_text(markdown(AREAS["md"]), encoding="utf-8")
    inputs["txt"] = folder / "wu-regulation.txt"
    inputs["txt"].write_bytes("\n".join(plain_lines(AREAS["txt"])).encode("gb18030"))  # a GBK-era file
    return inputs


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The corpus copy with the five formats and an official English added, and its build."""
    folder = tmp_path_factory.mktemp("add-inputs")
    corpus = tmp_path_factory.mktemp("add") / "corpus"
    shutil.copytree(CORPUS, corpus)
    manifest_before = (corpus / "manifest.toml").read_text(encoding="utf-8")
    inputs = make_inputs(folder)
    outputs = {}
    for fmt, path in inputs.items():
        code, out = run("add", str(path), "--corpus", str(corpus), "--id", f"youth-talent-{fmt}")
        assert code == 0, out
        outputs[fmt] = out
    english = folder / "jia-regulation.en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    code, out = run("add", str(english), "--corpus", str(corpus), "--translates", "youth-talent-html")
    assert code == 0, out
    outputs["en"] = out
    data_dir = tmp_path_factory.mktemp("add-data")
    code, out = run("--data-dir", str(data_dir), "build", "--corpus", str(corpus))
    assert code == 0, out
    return {"corpus": corpus, "data": data_dir, "inputs": inputs, "outputs": outputs, "english": english,
            "manifest_before": manifest_before, "kb": KnowledgeBase.load(data_dir)}


FORMATS = list(AREAS)
NO_CHROMIUM = "Chromium is not installed (/usr/bin/chromium): no PDF to read; `make browser-deps` as root installs it"


def needs(added: dict, fmt: str) -> None:
    if fmt not in added["inputs"]:
        pytest.skip(NO_CHROMIUM)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_read_into_its_articles_items_and_subitems(added: dict, fmt: str) -> None:
    needs(added, fmt)
    kb: KnowledgeBase = added["kb"]
    doc = f"youth-talent-{fmt}"
    zh = [s for s in kb.sections if s["doc"] == doc and s["lang"] == "zh"]
    assert [s["path"] for s in zh] == ["title", "ch1", "art1", "art2", "ch2", "art3", "art4", "ch3", "art5"]
    assert kb.documents[doc]["title"]["zh"] == title(AREAS[fmt])
    assert kb.documents[doc]["number"] == f"{AREAS[fmt]}人民政府令第7号"
    assert kb.documents[doc]["validity"]["effective_from"] == "2026-05-01"
    assert kb.get(f"{doc}:zh:art3")["units"] == [
        f"{doc}:zh:art3:{key}" for key in ("p1", "p1:i1", "p1:i2", "p1:i3", "p1:i3:s1", "p1:i3:s2", "p2")]
    assert kb.get(f"{doc}:zh:art3:p1:i3:s2")["text"] == "2.入读区内的国际学校。"
    assert kb.get(f"{doc}:zh:art2:p2")["text"] == (
        "本条例所称外籍青年科技人才，是指年龄在四十周岁以下、具有硕士以上学位的外国人。")


@pytest.mark.parametrize("fmt", FORMATS)
def test_kb_search_and_the_api_find_each_formats_article(added: dict, fmt: str) -> None:
    from web import create_app

    needs(added, fmt)
    doc = f"youth-talent-{fmt}"
    code, out = run("--data-dir", str(added["data"]), "search", f"第四条 {title(AREAS[fmt])}", "--json")
    assert code == 0, out
    assert json.loads(out)["hits"][0]["id"] == f"{doc}:zh:art4"
    client = create_app({"TESTING": True, "KB_DATA_DIR": str(added["data"])}).test_client()
    item = client.get(f"/api/items/{doc}:zh:art4").get_json()["zh"]
    assert item["citation"] == "第四条" and "研究方向和联系方式" in item["body"]


def test_the_web_page_loses_its_navigation_footer_and_scripts(added: dict) -> None:
    text = (added["corpus"] / "youth-talent-html.zh.txt").read_text(encoding="utf-8")
    for furniture in ("首页", "站内搜索", "当前位置", "网站标识码", "版权所有", "统计脚本", "分享到"):
        assert furniture not in text
    assert text.splitlines()[0] == title(AREAS["html"])


def test_the_pdf_loses_chromiums_running_header_and_page_numbers(added: dict) -> None:
    needs(added, "pdf")
    text = (added["corpus"] / "youth-talent-pdf.zh.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    assert "file:" not in text and "人民政府门户网站" not in text  # the page's URL and <title>
    assert not [ln for ln in lines if ln.replace("/", "").isdigit()]  # "1/3" page numbers
    assert lines[0].startswith(AREAS["pdf"])  # the title, the page's first line (wrapped: the reader joins it)
    assert " " not in "".join(ln for ln in lines if ln.startswith("第三条"))  # justified gaps closed
    assert "pages" in added["outputs"]["pdf"] and "page 1" in added["outputs"]["pdf"]


def test_the_original_is_kept_beside_the_text_with_its_sha256(added: dict) -> None:
    corpus = added["corpus"]
    manifest = tomllib.loads((corpus / "manifest.toml").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in manifest["document"]}
    for fmt, path in added["inputs"].items():
        source = entries[f"youth-talent-{fmt}"]["file"][0]["source"]
        assert source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert (corpus / source["path"]).read_bytes() == path.read_bytes()
        assert entries[f"youth-talent-{fmt}"]["file"][0]["path"] == f"youth-talent-{fmt}.zh.txt"
    # The GB18030 text is kept as it came, and read as UTF-8.
    assert entries["youth-talent-txt"]["file"][0]["source"]["path"] == "youth-talent-txt.zh.gb18030.txt"
    assert (corpus / "youth-talent-txt.zh.txt").read_text(encoding="utf-8").startswith(title("戊区"))


def test_the_manifest_keeps_its_comments_and_layout(added: dict) -> None:
    after = (added["corpus"] / "manifest.toml").read_text(encoding="utf-8")
    assert after.startswith(added["manifest_before"].rstrip("\n"))
    assert "\n\n[[document]]\n# Added by `kb add` from jia-regulation.html (html)" in after
    assert '\n  [[document.file]]\n  # Added by `kb add` from jia-regulation.en.txt (text) on ' in after
    assert '\n  path = "youth-talent-html.en.txt"\n  lang = "en"\n  translates = "youth-talent-html.zh.txt"\n' in after


def test_an_official_english_added_with_translates_pairs_by_article(added: dict) -> None:
    kb: KnowledgeBase = added["kb"]
    assert [f["lang"] for f in kb.documents["youth-talent-html"]["files"]] == ["zh", "en"]
    assert kb.get("youth-talent-html:zh:art3")["counterpart"] == "youth-talent-html:en:art3"
    assert kb.get("youth-talent-html:en:art3:p1:i3:s2")["text"] == "2. places in international schools in the district."
    # Articles 4 and 5 have no English: left to a curated translation.
    assert kb.get("youth-talent-html:zh:art4")["counterpart"] is None
    assert "Translation: languages en, zh" in added["outputs"]["en"]


def test_the_preview_shows_sections_citations_validity_and_check(added: dict) -> None:
    out = added["outputs"]["md"]
    assert "Added document youth-talent-md (zh, from markdown)" in out
    assert "  number    丁区人民政府令第7号 (from its header)" in out
    assert "In force" in out or "Not yet in force" in out
    assert "    第三条 [zh, 7 units]" in out
    assert "References: 0 resolved, 0 not in the knowledge base" in out
    assert "Check: consistent" in out


# --dry-run and the id.

def test_dry_run_changes_nothing(corpus_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "reg.md"
    path.write_text(markdown("己区"), encoding="utf-8")
    before = corpus_hash(corpus_copy)
    code, out = run("add", str(path), "--corpus", str(corpus_copy), "--dry-run")
    assert code == 0, out
    assert "Dry run: nothing was written." in out
    assert corpus_hash(corpus_copy) == before


def test_an_id_is_made_from_the_title(corpus_copy: Path, tmp_path: Path) -> None:
    chinese = tmp_path / "reg.txt"
    chinese.write_text("\n".join(plain_lines("庚区")), encoding="utf-8")
    code, out = run("add", str(chinese), "--corpus", str(corpus_copy))
    assert code == 0, out
    made = "doc-" + hashlib.sha256(title("庚区").encode()).hexdigest()[:8]
    assert f"Added document {made} (zh, from text)" in out
    # A UTF-8 .txt is its own text, kept once.
    entry = tomllib.loads((corpus_copy / "manifest.toml").read_text(encoding="utf-8"))["document"][-1]
    assert entry["file"][0]["path"] == entry["file"][0]["source"]["path"] == f"{made}.zh.txt"

def test_an_english_file_needs_the_chinese_document_it_translates(corpus_copy: Path, tmp_path: Path) -> None:
    english = tmp_path / "reg.en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    out = refused(corpus_copy, str(english))
    assert f"{english}: an English file is added as the English of a Chinese document: give --translates DOC" in out


# Bad input: a clear message, and nothing written.

def refused(corpus: Path, *args: str) -> str:
    before = corpus_hash(corpus)
    code, out = run("add", *args, "--corpus", str(corpus))
    assert code == 1, out
    assert "nothing was written" in out and "Traceback" not in out
    assert corpus_hash(corpus) == before
    return out


def test_a_file_that_is_not_what_its_name_says_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    fake = tmp_path / "notice.pdf"
    fake.write_text(html_page("辛区"), encoding="utf-8")
    assert f"{fake}: the file is named .pdf but its content is a web page (HTML)" in refused(corpus_copy, str(fake))
    docx_as_text = tmp_path / "notice.txt"
    write_docx(docx_as_text, "辛区")
    assert "named .txt but its content is a Word file (.docx)" in refused(corpus_copy, str(docx_as_text))


def test_an_empty_or_binary_file_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n  \n")
    assert f"{empty}: the file is empty" in refused(corpus_copy, str(empty))
    binary = tmp_path / "data.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    assert f"{binary}: a binary file" in refused(corpus_copy, str(binary))
    unreadable = tmp_path / "latin.txt"
    unreadable.write_bytes("Règlement ".encode("latin-1") * 3)
    assert "neither UTF-8" in refused(corpus_copy, str(unreadable))


def minimal_pdf() -> bytes:
    """A PDF of one blank page: no text layer, as a scan without OCR has none."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R >>",
               b"<< /Length 22 >>\nstream\n0 0 1 rg 10 10 50 50 re f\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_a_pdf_without_text_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(minimal_pdf())
    out = refused(corpus_copy, str(scan))
    assert f"{scan}: the PDF has no text layer (1 page(s) without a character of text: a scan?); kb add does no OCR" in out


def test_a_duplicate_id_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "reg.md"
    path.write_text(markdown("壬区"), encoding="utf-8")
    out = refused(corpus_copy, str(path), "--id", "beijing-notice")
    assert "--id 'beijing-notice': the manifest already has a document with this id" in out


def test_a_file_already_in_the_corpus_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.txt"
    shutil.copy(CORPUS / "002_9942292bfebf88b0.txt", copy)
    out = refused(corpus_copy, str(copy))
    assert "already in the corpus as 002_9942292bfebf88b0.txt (document beijing-notice)" in out
    # And a file kb add added: its original's sha256 is in the manifest.
    path = tmp_path / "reg.md"
    path.write_text(markdown("癸区"), encoding="utf-8")
    assert run("add", str(path), "--corpus", str(corpus_copy), "--id", "gui-regulation")[0] == 0
    out = refused(corpus_copy, str(path), "--id", "gui-regulation-again")
    assert "already in the corpus as gui-regulation.zh.md (document gui-regulation)" in out


def test_a_corpus_folder_without_a_manifest_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reg.md"
    path.write_text(markdown("子区"), encoding="utf-8")
    elsewhere = tmp_path / "not-a-corpus"
    elsewhere.mkdir()
    code, out = run("add", str(path), "--corpus", str(elsewhere))
    assert code == 1 and f"{elsewhere}: not a corpus folder (it has no manifest.toml)" in out
    assert list(elsewhere.iterdir()) == []


def test_an_unknown_translates_document_is_refused(corpus_copy: Path, tmp_path: Path) -> None:
    english = tmp_path / "reg.en.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    out = refused(corpus_copy, str(english), "--translates", "no-such-doc")
    assert "--translates 'no-such-doc': no document with this id in the manifest (known: qianhai-list," in out


def test_a_text_the_readers_do_not_recognise_is_refused_naming_the_file(corpus_copy: Path, tmp_path: Path) -> None:
    letter = tmp_path / "letter.md"
    letter.write_text("# 致外籍专家的一封信\n\n各位专家：\n\n新春将至，谨致问候。\n", encoding="utf-8")
    out = refused(corpus_copy, str(letter))
    assert f"{letter}: the manifest names no parser for this file and its text is not a kind the readers " \
           f"recognise (0 line(s) starting '第X条'" in out
    assert "name one with --parser NAME (`kb parsers` lists them)" in out
    out = refused(corpus_copy, str(letter), "--parser", "letter-zh")
    assert f"{letter}: --parser 'letter-zh' is not a parser (`kb parsers` lists them)" in out


def test_a_parser_named_is_written_into_the_entry(corpus_copy: Path, tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text("某区关于开展外籍人才服务周活动的通知\n\n某区发〔2026〕2号\n\n各街道：\n\n"
                      "一、活动于每年五月举行。\n\n二、各街道做好宣传。\n\n特此通知。\n\n某区人民政府办公室\n"
                      "2026年3月2日\n", encoding="utf-8")
    code, out = run("add", str(notice), "--corpus", str(corpus_copy), "--id", "service-week-notice",
                    "--parser", "policy-notice-zh")
    assert code == 0, out
    entry = tomllib.loads((corpus_copy / "manifest.toml").read_text(encoding="utf-8"))["document"][-1]
    assert entry["kind"] == "policy-notice" and entry["title"] == {"zh": "某区关于开展外籍人才服务周活动的通知"}
    assert entry["file"][0]["parser"] == "policy-notice-zh"
    # What a notice prints of itself: its number under the title, its issuer and date at its end.
    assert (entry["number"], entry["issuer"], entry["date"]) == ("某区发〔2026〕2号", {"zh": "某区人民政府办公室"},
                                                                 "2026-03-02")
    assert "  number    某区发〔2026〕2号\n" in out and "  date      2026-03-02\n" in out


def test_a_web_page_is_read_without_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from kb.adding.formats import extract

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("kb add reached for the network")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    page = tmp_path / "page.html"
    page.write_text(html_page("丑区"), encoding="utf-8")
    lines = extract(page).lines
    assert lines[:3] == [title("丑区"), NOTE.format(area="丑区").replace("　", " "), "第一章 总则"]
    # A page in GBK, as many government sites still serve: read by its <meta charset>.
    page.write_bytes(html_page("卯区").replace('charset="utf-8"', 'charset="gbk"').encode("gbk"))
    assert extract(page).lines[0] == title("卯区")


def test_the_json_preview_lists_what_would_be_written(corpus_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "reg.docx"
    write_docx(path, "寅区")
    code, out = run("add", str(path), "--corpus", str(corpus_copy), "--id", "yin-regulation", "--dry-run", "--json")
    assert code == 0, out
    preview = json.loads(out)
    assert preview["writes"] == ["yin-regulation.zh.docx", "yin-regulation.zh.txt", "manifest.toml"]
    assert preview["written"] == [] and preview["dry_run"] is True
    assert [s["citation"] for s in preview["sections"] if s["kind"] == "article"] == [
        "第一条", "第二条", "第三条", "第四条", "第五条"]
    assert preview["files"] == [{"path": "corpus/yin-regulation.zh.txt", "lang": "zh", "parser": "normative-zh",
                                 "translates": None}]
    assert preview["validity"]["effective_from"] == "2026-05-01"
