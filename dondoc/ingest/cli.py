"""`extract FILE [--format json|text]`: print what the extractor finds in a document (no database)."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]


def _text_listing(result: dict) -> str:
    lines = []
    doc = result.get("document", {})
    for key in ("number", "kind", "issuer", "place", "date", "title", "signer", "signer_title"):
        lines.append(f"{key:13}: {doc.get(key) or '-'}")
    if result.get("references"):
        lines.append("references   : " + "; ".join(
            f"{r['number']}" + (f" ({r['date']})" if r.get("date") else "") for r in result["references"]))
    lines.append(f"tasks        : {len(result.get('tasks', []))}")
    for i, t in enumerate(result.get("tasks", []), 1):
        d = t["deadline"]
        due = d["date"] or d["type"]
        lines.append(f"{i:3}. [{t.get('ref') or '-'}] {'; '.join(t['assignees'])} — hạn: {due}")
        if t.get("coordinators"):
            lines.append(f"     phối hợp: {'; '.join(t['coordinators'])}")
        if t.get("report_to"):
            lines.append(f"     báo cáo: {'; '.join(t['report_to'])}")
        lines.append(f"     {t['action'][:160]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dondoc extract", description="Extract directives from a document.")
    parser.add_argument("file")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    args = parser.parse_args(argv)

    from .extraction import extract
    from .reading import ReadError, read_document

    try:
        with open(args.file, "rb") as fh:
            data = fh.read(25 * 1024 * 1024)
        text = read_document(data, args.file)
    except ReadError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Không mở được tệp: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        result = extract(text)
    except Exception as exc:  # a bug in the extractor must not look like a read error
        print(f"Lỗi khi trích xuất nội dung: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(_text_listing(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
