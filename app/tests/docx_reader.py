"""Reads a DOCX with python-docx (a real reader, not the writer's own code) and prints what a
test checks as JSON: page size and margins in mm, each paragraph's text with the East Asian font,
size and boldness of its first run, the tables' cells, and the footer's text and fields."""
import json
import sys

import docx
from docx.oxml.ns import qn


def east_asia(run):
    fonts = run._element.find(qn("w:rPr"))
    fonts = None if fonts is None else fonts.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def line_pitch(paragraph):
    spacing = paragraph._element.find(qn("w:pPr"))
    spacing = None if spacing is None else spacing.find(qn("w:spacing"))
    if spacing is None:
        return None
    return {"line": spacing.get(qn("w:line")), "rule": spacing.get(qn("w:lineRule"))}


document = docx.Document(sys.argv[1])
section = document.sections[0]
footer = section.footer
out = {
    "page": [round(section.page_width.mm, 1), round(section.page_height.mm, 1)],
    "margins": {
        "top": round(section.top_margin.mm, 1),
        "bottom": round(section.bottom_margin.mm, 1),
        "left": round(section.left_margin.mm, 1),
        "right": round(section.right_margin.mm, 1),
    },
    "paragraphs": [
        {
            "text": p.text,
            "font": east_asia(p.runs[0]) if p.runs else None,
            "size": p.runs[0].font.size.pt if p.runs and p.runs[0].font.size else None,
            "bold": bool(p.runs and p.runs[0].font.bold),
            "pitch": line_pitch(p),
        }
        for p in document.paragraphs
    ],
    "tables": [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables],
    "images": len(document.inline_shapes),
    "footer": "".join(p.text for p in footer.paragraphs),
    "footer_fields": footer._element.xml.count("PAGE"),
}
print(json.dumps(out, ensure_ascii=False))
