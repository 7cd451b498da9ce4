"""How well ``add-article`` proposes what curators recorded: each article read as if it were new.

    python benchmarks/curation_eval.py [--data DIR] [--details]

For every article of the data folder, its own claims, figures and event
mentions are taken out of the context, the article is proposed afresh, and
the proposals are compared with the curated rows (see
:mod:`dashboard.curate.evaluate` for the matching rules). Two settings:

* known actors: every actor of ``actors.csv`` is known (an article added to a
  story whose actors are recorded);
* cold start: only the actors the *other* articles' claims name are known;
  a speaker proposed as a new actor counts when it shares a spelling with
  the curated one.

Prints Markdown tables; ``--details`` also lists what was missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import load  # noqa: E402
from dashboard.curate.evaluate import evaluate  # noqa: E402

MEASURES = [
    ("figures", "figures (metric, value, qualifier)"),
    ("figure values", "figures (value only)"),
    ("casualty figures", "casualty figures (deaths, injured, children)"),
    ("speakers", "claim speakers (per sentence)"),
    ("event dates", "event dates"),
]


def _cell(score) -> str:
    return f"{score.recall:.2f} ({score.found}/{score.curated}) | {score.precision:.2f} ({score.right}/{score.proposed})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="data folder (default: the bundled data)")
    parser.add_argument("--details", action="store_true", help="list the curated rows that were not proposed")
    args = parser.parse_args(argv)
    ds = load(args.data)
    reports = {"known actors": evaluate(ds), "cold start": evaluate(ds, cold=True)}

    print(f"{len(ds.sources)} articles, {len(ds.figures)} figures, {len(ds.claims)} claims\n")
    print("| measure | setting | recall | precision |")
    print("|---|---|---|---|")
    for key, label in MEASURES:
        for setting, report in reports.items():
            if setting == "cold start" and key != "speakers":
                continue  # only speakers depend on the actors known
            print(f"| {label} | {setting} | {_cell(report.total(key))} |")
    print("\nPer article (known actors):\n")
    print("| article | figures recall | figures precision | speakers recall | speakers precision |")
    print("|---|---|---|---|---|")
    for source, scores in reports["known actors"].by_source.items():
        f, s = scores["figures"], scores["speakers"]
        print(f"| {source} | {f.recall:.2f} | {f.precision:.2f} | {s.recall:.2f} | {s.precision:.2f} |")
    if args.details:
        for setting, report in reports.items():
            print(f"\nMissed ({setting}):")
            for kind, items in report.missed.items():
                for item in items:
                    print(f"  {kind}: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
