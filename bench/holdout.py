"""Score the extractor on a development part and a held-out part of the labelled corpus.

    .venv/bin/python bench/holdout.py [CORPUS_DIR] [--rotation N] [--list] [--docs] [--show ID] [--check]

The split is drawn once, from a fixed seed, spread over issuing offices (one or two documents of each
family of offices go to the held-out part), and decided before any held-out text was read. Rules are
written looking at the development part only; the held-out part is scored now and then as a check.
`--rotation 1` swaps part of the held-out set for development documents near the end of the work, to
see whether the gap holds. Read by hand only: tests never read the corpus.

Prints, for each part and for all documents: task F1 / P / R, deadline accuracy, header fields, in the
scorer's own terms (the scorer's functions are imported from CORPUS_DIR/../score.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import sys
from contextlib import redirect_stderr
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Families of issuing offices (by the document id's issuer part: no text was read to build this).
FAMILIES = {
    "prime minister": ["ct-07-ttg-2012", "ct-31-ttg-2012", "qd-773-ttg-2018"],
    "government office": ["cv-11451-vpcp-2019", "cv-2255-vpcp-2007", "cv-5700-vpcp-2008", "cv-8424-vpcp-2014"],
    "province (Lào Cai)": ["ctr-104-tu-laocai-2026", "cv-2496-ubnd-laocai-2026", "cv-4390-ubnd-laocai-2026",
                           "cv-7432-ubnd-laocai-2026", "cv-9387-ubnd-laocai-2026", "kh-1105-dkt-laocai-2026"],
    "ministries": ["cv-5115-ldtbxh-2018", "cv-895-ldtbxh-2013", "cv-2428-bxd-2013", "kh-09-btnmt-2024",
                   "kh-252-bcdqg1237-2013"],
    "fronts and communes": ["kh-01-tbttkt-phobang-2025", "kh-mttq-luongminh-ktgs-2025",
                            "kh-mttq-luongminh-tcd-2025"],
    "councils": ["nq-26-hdnd-bariavungtau-2017", "nq-95-hdnd-hagiang-2017", "nq-494-ubtvqh13-2012"],
    "others": ["qd-254-ubnd-sonla-2023", "tb-vnua-tettrongcay-2013", "tb-462-tld-2021"],
}
# How many of each family are held out (the seed notice stays in development: the guide starts there).
TAKE = {"province (Lào Cai)": 2, "ministries": 2}
KEEP_IN_DEV = {"tb-462-tld-2021"}
# The ten documents the issue calls new (the extractor was written on the other seventeen).
NEW = {"ct-07-ttg-2012", "ctr-104-tu-laocai-2026", "cv-2496-ubnd-laocai-2026", "cv-4390-ubnd-laocai-2026",
       "cv-7432-ubnd-laocai-2026", "cv-895-ldtbxh-2013", "cv-9387-ubnd-laocai-2026",
       "kh-01-tbttkt-phobang-2025", "kh-mttq-luongminh-ktgs-2025", "kh-mttq-luongminh-tcd-2025"}


def held_out(rotation: int = 0) -> set[str]:
    rng = random.Random(16)
    first: set[str] = set()
    rest: dict[str, list[str]] = {}
    for family, ids in FAMILIES.items():
        pool = sorted(i for i in ids if i not in KEEP_IN_DEV)
        rng.shuffle(pool)
        n = TAKE.get(family, 1)
        first.update(pool[:n])
        rest[family] = pool[n:]
    if rotation == 0:
        return first
    # Rotation: in every other family, one held-out document returns to development and one
    # development document of the same family takes its place.
    rotated = set(first)
    rng = random.Random(16 + rotation)
    for k, family in enumerate(FAMILIES):
        if k % 2 or not rest[family]:
            continue
        out = sorted(i for i in FAMILIES[family] if i in first)
        rotated.discard(rng.choice(out))
        rotated.add(rng.choice(rest[family]))
    return rotated


def _scorer(corpus: Path):
    spec = importlib.util.spec_from_file_location("corpus_score", corpus.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _summary(rows: list[dict]) -> str:
    t = {k: sum(r[k] for r in rows) for k in ("gold", "pred", "matched", "deadline_ok", "assignee_pairs",
                                               "fields_ok", "fields")}
    p = t["matched"] / t["pred"] if t["pred"] else 0.0
    r = t["matched"] / t["gold"] if t["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    dl = t["deadline_ok"] / t["assignee_pairs"] if t["assignee_pairs"] else 0.0
    fa = t["fields_ok"] / t["fields"] if t["fields"] else 0.0
    return (f"F1 {f1:.3f} P {p:.3f} R {r:.3f} | deadline {dl:.3f} | fields {fa:.3f} | "
            f"docs {len(rows)} tasks {t['gold']}")


def _show(stem: Path, scorer, extract, read_document) -> int:
    """Gold tasks (+ when a prediction matches) and the predictions left over."""
    gold = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    txt = stem.with_suffix(".txt")
    pred = extract(read_document(txt.read_bytes(), txt.name))
    tasks = pred["tasks"]
    used: set[int] = set()

    def line(t: dict) -> str:
        d = t.get("deadline") or {}
        return f"[{t.get('ref')}] {t.get('assignees')} {d.get('type')} {d.get('date')} rt={t.get('report_to')}"

    for g in gold["tasks"]:
        hit = None
        for i, p in enumerate(tasks):
            if i in used or scorer.deadline(g)[1] != scorer.deadline(p)[1]:
                continue
            if any(scorer.units_match(a, b) for a in g["assignees"] for b in p.get("assignees") or []):
                hit = i
                break
        if hit is not None:
            used.add(hit)
        print(("+ " if hit is not None else "- ") + line(g))
        if hit is not None and scorer.deadline(g) != scorer.deadline(tasks[hit]):
            print("     type differs:", line(tasks[hit]))
    for i, p in enumerate(tasks):
        if i not in used:
            print("? " + line(p) + " | " + (p.get("action") or "")[:90])
    print("document", {k: (gold["document"].get(k), pred["document"].get(k)) for k in scorer.DOC_FIELDS
                       if scorer.field_value(k, gold["document"].get(k)) != scorer.field_value(k, pred["document"].get(k))})
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/work/shared/corpus/dev", type=Path)
    ap.add_argument("--rotation", type=int, default=0)
    ap.add_argument("--list", action="store_true", help="print the split and stop")
    ap.add_argument("--docs", action="store_true", help="print the development documents' lines")
    ap.add_argument("--show", metavar="ID", help="gold and predicted tasks of one development document")
    ap.add_argument("--check", action="store_true", help="also score the held-out part (now and then only)")
    args = ap.parse_args()
    hold = held_out(args.rotation)
    if args.list:
        print("held out:", ", ".join(sorted(hold)))
        return 0
    from dondoc.ingest.extraction import extract
    from dondoc.ingest.reading import read_document

    scorer = _scorer(args.corpus)
    if args.show:
        if args.show in hold or args.show in held_out(0) & held_out(1):
            print(args.show, "is held out: not shown")
            return 1
        return _show(args.corpus / args.show, scorer, extract, read_document)
    rows: dict[str, dict] = {}
    for gold_path in sorted(args.corpus.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        txt = gold_path.with_suffix(".txt")
        with redirect_stderr(io.StringIO()):
            pred = extract(read_document(txt.read_bytes(), txt.name))
        rows[gold_path.stem] = scorer.score_doc(gold, pred)
        if args.docs and gold_path.stem not in hold:
            s = rows[gold_path.stem]
            print(f"  {gold_path.stem}: gold {s['gold']} pred {s['pred']} matched {s['matched']} "
                  f"deadline {s['deadline_ok']}/{s['assignee_pairs']} fields {s['fields_ok']}/{s['fields']}")
    parts = {
        "development": [s for k, s in rows.items() if k not in hold],
        "held out   ": [s for k, s in rows.items() if k in hold],
        "all 27     ": list(rows.values()),
        "never read ": [s for k, s in rows.items() if k in held_out(0) & held_out(1)],
        "10 new     ": [s for k, s in rows.items() if k in NEW],
        "17 older   ": [s for k, s in rows.items() if k not in NEW],
    }
    for name, part in parts.items():
        if args.check or name.strip() == "development":
            print(f"{name}: {_summary(part)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
