"""Benchmark: reading alone vs reading + extraction, over the corpus texts as TXT and as DOCX.

    .venv/bin/python bench/extract.py [CORPUS_DIR] [--reps N]

Prints documents per second and the ratio of extraction time to reading time. No assertions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dondoc.ingest.extraction import extract  # noqa: E402
from dondoc.ingest.reading import read_document  # noqa: E402


def _to_docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
            rows.clear()

    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|") and s.count("|") >= 2:
            cells = [c.strip() for c in s.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                rows.append(cells)
            continue
        flush()
        document.add_paragraph(line)
    flush()
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _time(docs: list[tuple[bytes, str]], reps: int, with_extract: bool) -> float:
    best = float("inf")
    for _ in range(reps):
        start = time.process_time()
        for data, name in docs:
            text = read_document(data, name)
            if with_extract:
                extract(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/work/shared/corpus/dev")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    paths = sorted(Path(args.corpus).glob("*.txt"))
    if not paths:
        print("no .txt files found in", args.corpus)
        return 1
    txt_docs = [(p.read_bytes(), p.name) for p in paths]
    with tempfile.TemporaryDirectory() as tmp:
        docx_docs = []
        for p in paths:
            target = Path(tmp) / (p.stem + ".docx")
            target.write_bytes(_to_docx(p.read_text(encoding="utf-8")))
            docx_docs.append((target.read_bytes(), target.name))
    n = len(paths)
    print(f"{n} documents, best of {args.reps} repetitions (CPU time of this process)")
    for label, docs in (("TXT ", txt_docs), ("DOCX", docx_docs)):
        read_only = _time(docs, args.reps, False)
        both = _time(docs, args.reps, True)
        extra = both - read_only
        print(f"{label}: read {n / read_only:8.1f} docs/s | read+extract {n / both:8.1f} docs/s | "
              f"extraction {extra * 1000 / n:6.2f} ms/doc | extraction/reading = {extra / read_only:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
