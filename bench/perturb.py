"""Score the extractor on the labelled corpus laid out other ways: the same documents with other numbering
signs and bullets, blank lines, hard-wrapped lines, upper/lower-case headings, field blocks on one line ...
(the perturbations of dondoc/ingest/tests/perturb.py). What a document asks should not depend on its layout,
so every line should match the first one.

    .venv/bin/python bench/perturb.py [CORPUS_DIR] [--docs]

`--docs` also lists, per perturbation, the documents whose figures change (names and counts only).
Read by hand only: tests never read the corpus.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
from contextlib import redirect_stderr
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _scorer(corpus: Path):
    spec = importlib.util.spec_from_file_location("corpus_score", corpus.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _summary(rows: list[dict]) -> tuple[float, float]:
    t = {k: sum(r[k] for r in rows) for k in ("gold", "pred", "matched", "deadline_ok", "assignee_pairs")}
    p = t["matched"] / t["pred"] if t["pred"] else 0.0
    r = t["matched"] / t["gold"] if t["gold"] else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), t["deadline_ok"] / max(1, t["assignee_pairs"])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/work/shared/corpus/dev", type=Path)
    ap.add_argument("--docs", action="store_true")
    args = ap.parse_args()
    from dondoc.ingest.extraction import extract
    from dondoc.ingest.tests import perturb

    scorer = _scorer(args.corpus)
    docs = {g.stem: (json.loads(g.read_text(encoding="utf-8")), g.with_suffix(".txt").read_text(encoding="utf-8"))
            for g in sorted(args.corpus.glob("*.json"))}

    def score(change) -> dict[str, dict]:
        with redirect_stderr(io.StringIO()):
            return {k: scorer.score_doc(gold, extract(change(text))) for k, (gold, text) in docs.items()}

    base = score(lambda text: text)
    f1, dl = _summary(list(base.values()))
    print(f"{'as published':24} task F1 {f1:.3f} | deadline {dl:.3f}")
    for change in perturb.ALL:
        rows = score(change)
        f1, dl = _summary(list(rows.values()))
        print(f"{change.__name__:24} task F1 {f1:.3f} | deadline {dl:.3f}")
        if args.docs:
            for k, s in rows.items():
                b = base[k]
                if (s["matched"], s["pred"], s["deadline_ok"]) != (b["matched"], b["pred"], b["deadline_ok"]):
                    print(f"    {k}: matched {b['matched']}->{s['matched']} pred {b['pred']}->{s['pred']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
