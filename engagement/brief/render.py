"""Render the brief's blocks as Markdown, HTML or PDF. Participant text is escaped in every
format: it is never interpreted as markup."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from engagement import i18n
from engagement.brief.document import Block, build
from engagement.files import private_folder, write_private_bytes, write_private_text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(data: dict, *, image_dir: Path | None = None,
                lang: str = i18n.ENGLISH) -> str:
    """Markdown; charts are written as PNG files into image_dir (if given) and linked."""
    out: list[str] = []
    for block in build(data, lang):
        if block.kind == "title":
            out.append(f"# {_md(block.text)}")
        elif block.kind == "heading":
            out.append(f"## {_md(block.text)}")
        elif block.kind == "subheading":
            out.append(f"### {_md(block.text)}")
        elif block.kind == "text":
            out.append(_md(block.text))
        elif block.kind == "note":
            out.append(f"*{_md(block.text)}*")
        elif block.kind == "quote":
            out.append(f"> {_md(block.text)}")
        elif block.kind == "bullets":
            out.append("\n".join(f"- {_md(item)}" for item in block.items))
        elif block.kind == "table":
            header, *rows = block.rows
            lines = ["| " + " | ".join(_md(str(c)) for c in header) + " |",
                     "|" + " --- |" * len(header)]
            lines += ["| " + " | ".join(_md(str(c)) for c in row) + " |" for row in rows]
            out.append("\n".join(lines))
        elif block.kind == "image" and image_dir is not None:
            private_folder(image_dir)
            write_private_bytes(image_dir / block.name, block.image)
            out.append(f"![{_md(block.alt or block.text)}]({image_dir.name}/{block.name})")
    return "\n\n".join(out) + "\n"


CSS = """
body{font-family:Arial,Helvetica,sans-serif;max-width:48rem;margin:2rem auto;color:#0b0c0c;
line-height:1.5;padding:0 1rem}h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:2px solid
#1d70b8}blockquote{border-left:4px solid #b1b4b6;margin:0;padding:.3rem 1rem;color:#505a5f}
table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:.25rem .6rem;text-align:left}
.note{color:#505a5f;font-style:italic}img{max-width:100%}
"""


def title(data: dict, lang: str = i18n.ENGLISH) -> str:
    """The document title: the browser tab's and the PDF window's."""
    return i18n.translate(i18n.Text("Governance brief: {title}",
                                    title=data["dialogue"]["title"]), lang)


def _lang(block: Block) -> str:
    """A lang attribute for a block written in another language than the document's."""
    return f" lang='{block.lang}'" if block.lang else ""


def to_html(data: dict, lang: str = i18n.ENGLISH) -> str:
    """The brief as a web page, its own words in ``lang``; the document says its language
    and marks content written in another."""
    lang = i18n.language(lang)
    parts = [f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>"
             f"{html.escape(title(data, lang))}</title><style>{CSS}</style></head><body><main>"]
    for block in build(data, lang):
        text = html.escape(block.text)
        if block.kind == "title":
            parts.append(f"<h1>{text}</h1>")
        elif block.kind == "heading":
            parts.append(f"<h2>{text}</h2>")
        elif block.kind == "subheading":
            parts.append(f"<h3>{text}</h3>")
        elif block.kind == "text":
            parts.append(f"<p{_lang(block)}>{text}</p>")
        elif block.kind == "note":
            parts.append(f"<p class='note'>{text}</p>")
        elif block.kind == "quote":
            parts.append(f"<blockquote{_lang(block)}>{text}</blockquote>")
        elif block.kind == "bullets":
            parts.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in block.items)
                         + "</ul>")
        elif block.kind == "table":
            header, *rows = block.rows
            # A header row in <thead> is repeated on each page a long table runs over, so
            # every part of it in the PDF keeps its column headers.
            parts.append("<table><thead><tr>" + "".join(
                f"<th scope='col'>{html.escape(str(c))}</th>" for c in header)
                + "</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                      for row in rows]
            parts.append("</tbody></table>")
        elif block.kind == "image":
            encoded = base64.b64encode(block.image).decode()
            alt = html.escape(block.alt or block.text)
            parts.append(f"<figure><img alt='{alt}' src='data:image/png;base64,{encoded}'>"
                         f"<figcaption>{text}</figcaption></figure>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def to_pdf(data: dict, lang: str = i18n.ENGLISH) -> bytes:
    """A tagged PDF (PDF/UA-1) of the same HTML as the web brief: same headings, same text,
    same alternative text for each chart. Only data: URLs are fetched, so nothing leaves the
    machine and no local file is read."""
    from weasyprint import HTML

    return HTML(string=to_html(data, lang),
                url_fetcher=_fetcher()).write_pdf(pdf_variant="pdf/ua-1")


def _fetcher():
    """WeasyPrint's fetcher limited to data: URLs; any other URL stops the rendering."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def write(data: dict, fmt: str, path: Path) -> Path:
    path = Path(path)
    if fmt not in ("md", "html", "pdf"):
        raise ValueError(f"unknown format {fmt}")
    private_folder(path.parent)  # a brief can quote participants: owner-only files
    if fmt == "md":
        write_private_text(path, to_markdown(data, image_dir=path.with_name(path.stem + "_charts")))
    elif fmt == "html":
        write_private_text(path, to_html(data))
    else:
        write_private_bytes(path, to_pdf(data))
    return path


__all__ = ["Block", "to_html", "to_markdown", "to_pdf", "write"]
