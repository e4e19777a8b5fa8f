"""Render the brief's blocks as Markdown, HTML or PDF. Participant text is escaped in every
format: it is never interpreted as markup."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from engagement.files import private_folder, write_private_bytes, write_private_text
from engagement.reporting.document import Block, build

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(data: dict, *, image_dir: Path | None = None) -> str:
    """Markdown; charts are written as PNG files into image_dir (if given) and linked."""
    out: list[str] = []
    for block in build(data):
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
            out.append(f"![{_md(block.text)}]({image_dir.name}/{block.name})")
    return "\n\n".join(out) + "\n"


CSS = """
body{font-family:Arial,Helvetica,sans-serif;max-width:48rem;margin:2rem auto;color:#0b0c0c;
line-height:1.5;padding:0 1rem}h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:2px solid
#1d70b8}blockquote{border-left:4px solid #b1b4b6;margin:0;padding:.3rem 1rem;color:#505a5f}
table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:.25rem .6rem;text-align:left}
.note{color:#505a5f;font-style:italic}img{max-width:100%}
"""


def to_html(data: dict) -> str:
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
             f"{html.escape(data['dialogue']['title'])}</title><style>{CSS}</style></head><body>"]
    for block in build(data):
        text = html.escape(block.text)
        if block.kind == "title":
            parts.append(f"<h1>{text}</h1>")
        elif block.kind == "heading":
            parts.append(f"<h2>{text}</h2>")
        elif block.kind == "subheading":
            parts.append(f"<h3>{text}</h3>")
        elif block.kind == "text":
            parts.append(f"<p>{text}</p>")
        elif block.kind == "note":
            parts.append(f"<p class='note'>{text}</p>")
        elif block.kind == "quote":
            parts.append(f"<blockquote>{text}</blockquote>")
        elif block.kind == "bullets":
            parts.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in block.items)
                         + "</ul>")
        elif block.kind == "table":
            header, *rows = block.rows
            parts.append("<table><tr>" + "".join(f"<th>{html.escape(str(c))}</th>"
                                                 for c in header) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                      for row in rows]
            parts.append("</table>")
        elif block.kind == "image":
            encoded = base64.b64encode(block.image).decode()
            parts.append(f"<img alt='{text}' src='data:image/png;base64,{encoded}'>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_pdf(data: dict) -> bytes:
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=14)
    note = ParagraphStyle("note", parent=body, textColor=colors.HexColor("#505a5f"),
                          fontName="Helvetica-Oblique")
    quote = ParagraphStyle("quote", parent=body, leftIndent=18, textColor=colors.HexColor(
        "#505a5f"))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm,
                            title=f"Governance brief: {data['dialogue']['title']}")
    flow = []

    def para(text: str, style) -> Paragraph:
        return Paragraph(html.escape(text), style)

    for block in build(data):
        if block.kind == "title":
            flow.append(para(block.text, styles["Title"]))
        elif block.kind == "heading":
            flow += [Spacer(1, 6), para(block.text, styles["Heading2"])]
        elif block.kind == "subheading":
            flow.append(para(block.text, styles["Heading4"]))
        elif block.kind == "text":
            flow.append(para(block.text, body))
        elif block.kind == "note":
            flow.append(para(block.text, note))
        elif block.kind == "quote":
            flow.append(para(block.text, quote))
        elif block.kind == "bullets":
            flow.append(ListFlowable([ListItem(para(i, body)) for i in block.items],
                                     bulletType="bullet", leftIndent=12))
        elif block.kind == "table":
            table = Table([[para(str(c), body) for c in row] for row in block.rows],
                          hAlign="LEFT")
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            flow.append(table)
        elif block.kind == "image":
            image = Image(io.BytesIO(block.image))
            scale = min(1.0, (A4[0] - 4 * cm) / image.drawWidth)
            image.drawWidth *= scale
            image.drawHeight *= scale
            # A chart stays on the page of the line that introduces it.
            lead = [flow.pop()] if flow and isinstance(flow[-1], Paragraph) else []
            flow.append(KeepTogether([*lead, image]))
    doc.build(flow)
    return buffer.getvalue()


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
