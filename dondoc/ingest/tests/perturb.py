"""Perturbations of a document's layout that must not change what it asks: other numbering signs, other
bullets, blank lines, hard-wrapped lines (text taken from a PDF), upper-case headings, CRLF line ends.

Each function takes the text of a document and returns the same document laid out another way."""

from __future__ import annotations

import re
import textwrap

_NUM_ITEM = re.compile(r"^(\s*)(\d{1,2})\.\s+(?=\S)", re.M)
_BULLET = re.compile(r"^(\s*)-\s+(?=\S)", re.M)
_LETTER_ITEM = re.compile(r"^(\s*)([a-zđ])\)\s+(?=\S)", re.M)
_PIPE_ROW = re.compile(r"^\s*\|(.*\|.*)\|\s*$", re.M)
_ROMAN_HEADING = re.compile(r"^(\s*[IVX]{1,4}\.\s+)(.+)$", re.M)


def paren_numbers(text: str) -> str:
    """'1. Sở Y tế' → '1) Sở Y tế'."""
    return _NUM_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)}) ", text)


def slash_numbers(text: str) -> str:
    """'1. Sở Y tế' → '1/ Sở Y tế', 'II. NHIỆM VỤ' → 'II/ NHIỆM VỤ', 'a) ...' → 'a/ ...' (the numbering of many
    provincial and Party offices)."""
    text = _NUM_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)}/ ", text)
    text = re.sub(r"^(\s*)([a-zđ])\)\s+(?=\S)", r"\1\2/ ", text, flags=re.M)
    return re.sub(r"^(\s*)([IVX]{1,4})\.\s+(?=\S)", r"\1\2/ ", text, flags=re.M)


def dash_numbers(text: str) -> str:
    """'1. Sở Y tế' → '1- Sở Y tế', 'II. NHIỆM VỤ' → 'II- NHIỆM VỤ'."""
    text = _NUM_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)}- ", text)
    return re.sub(r"^(\s*)([IVX]{1,4})\.\s+(?=\S)", r"\1\2- ", text, flags=re.M)


def spaced_dash_headings(text: str) -> str:
    """'II. NHIỆM VỤ' → 'II - NHIỆM VỤ'."""
    return re.sub(r"^(\s*)([IVX]{1,4})\.\s+(?=\S)", r"\1\2 - ", text, flags=re.M)


def bullets(sign: str):
    def change(text: str) -> str:
        if re.search(rf"^\s*{re.escape(sign)}\s", text, re.M):
            return text  # the document uses that sign already (for another level)
        return _BULLET.sub(lambda m: f"{m.group(1)}{sign} ", text)

    change.__name__ = f"bullets_{ord(sign)}"
    return change


def letters_dot(text: str) -> str:
    """'a) Chủ trì ...' → 'a. Chủ trì ...'."""
    return _LETTER_ITEM.sub(lambda m: f"{m.group(1)}{m.group(2)}. ", text)


def bare_pipes(text: str) -> str:
    """'| 1 | Rà soát | Văn phòng |' → '1 | Rà soát | Văn phòng' (table rows without their outer bars)."""
    return _PIPE_ROW.sub(lambda m: m.group(1).strip(), text)


def blank_lines(text: str) -> str:
    """A blank line after every line (and three where there was one)."""
    return "\n".join(line + "\n" if line.strip() else "\n\n" for line in text.split("\n"))


def upper_headings(text: str) -> str:
    """Section headings (I., II.) in capitals."""
    return _ROMAN_HEADING.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def lower_headings(text: str) -> str:
    """Section headings (I., II.) in sentence case (a heading naming a unit keeps its case: its proper name
    would lose its capitals)."""
    from dondoc.ingest.assignees import is_unit

    def recase(m: re.Match) -> str:
        heading = m.group(2)[:1] + m.group(2)[1:].lower()
        return m.group(0) if is_unit(heading) else m.group(1) + heading

    return _ROMAN_HEADING.sub(recase, text)


def wrapped(text: str, width: int = 72) -> str:
    """Body lines wrapped at `width` columns, the next lines indented as a PDF converter leaves them."""
    out: list[str] = []
    lines = text.split("\n")
    columns = [k for k, line in enumerate(lines) if "   " in line.strip()]
    near = {j for k in columns for j in range(k - 3, k + 4)} if len(columns) >= 5 else set()
    for k, line in enumerate(lines):
        if len(line) <= width or "|" in line or k in near:  # a table laid out with spaces is not re-wrapped
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip())
        pieces = textwrap.wrap(line.strip(), max(30, width - indent))
        out.append(" " * indent + pieces[0])
        out.extend("  " + p for p in pieces[1:])
    return "\n".join(out)


def no_indent(text: str) -> str:
    """Every line flush left. A table laid out with spaces (columns side by side) keeps its indentation: there
    the leading spaces are the column a cell sits in."""
    if sum("   " in line.strip() for line in text.split("\n")) >= 5:
        return text
    return "\n".join(line.lstrip() for line in text.split("\n"))


def nbsp(text: str) -> str:
    """Non-breaking spaces after labels and in dates, as Word exports them."""
    text = re.sub(r"^(\s*(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)])\s", "\\1\u00a0", text, flags=re.M)
    return re.sub(r"(ngày) (\d)", "\\1\u00a0\\2", text)


def one_line_fields(text: str) -> str:
    """A field block ('- Cơ quan chủ trì: X.' '- Cơ quan phối hợp: Y.' '- Thời gian: Z.') written on one line
    ('- Cơ quan chủ trì: X; cơ quan phối hợp: Y; thời gian: Z.')."""
    from dondoc.ingest.outline import field_kind

    out: list[str] = []
    run = False
    for line in text.split("\n"):
        is_field = line.lstrip().startswith("- ") and ":" in line and field_kind(line) is not None and bool(
            field_kind(line)[1])
        if is_field and run:
            piece = line.strip()[2:].rstrip(" .;")
            out[-1] = out[-1].rstrip(" .;") + "; " + piece[:1].lower() + piece[1:] + "."
            continue
        out.append(line)
        run = is_field
    return "\n".join(out)


def wrapped_double_spaced(text: str) -> str:
    """Hard-wrapped lines with a blank line after each (a PDF copy pasted with double spacing)."""
    return blank_lines(wrapped(text, 60))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


ALL = [paren_numbers, slash_numbers, dash_numbers, spaced_dash_headings, letters_dot, bare_pipes, bullets("+"),
       bullets("•"), bullets("–"), bullets("➢"), bullets("Ø"), bullets("o"), blank_lines, upper_headings, lower_headings, wrapped, no_indent, nbsp, one_line_fields, wrapped_double_spaced, crlf]
