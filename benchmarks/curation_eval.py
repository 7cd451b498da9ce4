"""How well ``add-article`` proposes what curators recorded: each article read as if it were new.

    python benchmarks/curation_eval.py [--data DIR] [--details]
    python benchmarks/curation_eval.py --evaluation [DIR ...] [--details]

For every article of a data folder, its own claims, figures and event
mentions are taken out of the context, the article is proposed afresh, and
the proposals are compared with the curated rows (see
:mod:`dashboard.curate.evaluate` for the matching rules). Two settings:

* known actors: every actor of ``actors.csv`` is known (an article added to a
  story whose actors are recorded);
* cold start: only the actors the *other* articles' claims name are known;
  a speaker proposed as a new actor counts when it shares a spelling with
  the curated one.

Without ``--evaluation`` it measures the bundled data (in-sample: the rules
were written from those articles). With ``--evaluation`` it measures every
folder under ``benchmarks/evaluation/`` (the development sets: hand-annotated
articles about other events, from which rules are written), per language and
per field; or only the folders given, among them a folder under
``benchmarks/blind/`` (a blind set: annotated the same way about a further
event, never read by rule writers; measured only when named, since a
measurement after a round of rules spends it, and its misses never listed).

Prints Markdown tables; ``--details`` also lists what was missed and what was wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import load  # noqa: E402
from dashboard.curate.evaluate import MEASURES, Report, Score, evaluate  # noqa: E402

EVALUATION = ROOT / "benchmarks" / "evaluation"
BLIND = ROOT / "benchmarks" / "blind"
IN_SAMPLE = ["figures", "figure values", "casualty figures", "speakers", "event dates"]


def _cell(score: Score) -> str:
    return f"{score.recall:.2f} ({score.found}/{score.curated}) | {score.precision:.2f} ({score.right}/{score.proposed})"


def _short(score: Score, recall: bool = True, precision: bool = True) -> str:
    parts = []
    if recall:
        parts.append(f"{score.recall:.2f} ({score.found}/{score.curated})")
    if precision:
        parts.append(f"{score.precision:.2f} ({score.right}/{score.proposed})")
    return " / ".join(parts)


def in_sample(args) -> int:
    ds = load(args.data)
    reports = {"known actors": evaluate(ds), "cold start": evaluate(ds, cold=True)}
    print(f"{len(ds.sources)} articles, {len(ds.figures)} figures, {len(ds.claims)} claims\n")
    print("| measure | setting | recall | precision |")
    print("|---|---|---|---|")
    for key in IN_SAMPLE + ["claim rows"]:
        for setting, report in reports.items():
            if setting == "cold start" and key not in ("speakers", "claim rows"):
                continue  # only speakers and claims depend on the actors known
            print(f"| {MEASURES[key]} | {setting} | {_cell(report.total(key))} |")
    known = reports["known actors"]
    print(f"\nClaim rows with an outlet as speaker: {sum(known.outlet_speakers.values())}")
    print("\nPer article (known actors):\n")
    print("| article | figures recall | figures precision | speakers recall | speakers precision |")
    print("|---|---|---|---|---|")
    for source, scores in known.by_source.items():
        f, s = scores["figures"], scores["speakers"]
        print(f"| {source} | {f.recall:.2f} | {f.precision:.2f} | {s.recall:.2f} | {s.precision:.2f} |")
    if args.details:
        _details(reports)
    return 0


def _details(reports: dict[str, Report]) -> None:
    for setting, report in reports.items():
        print(f"\nMissed ({setting}):")
        for kind, items in report.missed.items():
            for item in items:
                print(f"  {kind}: {item}")
        print(f"\nWrong ({setting}):")
        for kind, items in report.wrong.items():
            for item in items:
                print(f"  {kind}: {item}")


def _table(reports: dict[str, Report]) -> None:
    """One row per language (and all), the fields of the issue's targets as columns."""
    known, cold = reports["known actors"], reports["cold start"]
    print("| language | articles | figures recall / precision | casualty as_of | speakers recall / precision "
          "(cold) | speakers (known actors) | claim rows fully right (cold) | outlet speakers | other events unmarked |")
    print("|---|---|---|---|---|---|---|---|---|")
    for language in known.languages() + ["all"]:
        sources = list(known.by_source) if language == "all" else known.of_language(language)
        if not sources:
            continue
        print(f"| {language} | {len(sources)} | {_short(known.total('figures', sources))} | "
              f"{_short(known.total('as_of', sources), precision=False)} | "
              f"{_short(cold.total('speakers', sources))} | {_short(known.total('speakers', sources))} | "
              f"{_short(cold.total('claim rows', sources), recall=False)} | "
              f"{sum(cold.outlet_speakers[s] for s in sources)} | {sum(known.elsewhere[s] for s in sources)} |")


def _folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "datapackage.json").is_file()) if root.is_dir() else []


def _measure(folders: list[Path], details: bool) -> dict[str, Report]:
    """Each folder's tables; returns the reports of all of them together."""
    merged: dict[str, Report] = {"known actors": Report(), "cold start": Report()}
    for folder in folders:
        ds = load(folder)
        reports = {"known actors": evaluate(ds), "cold start": evaluate(ds, cold=True)}
        print(f"\n## {Path(folder).name}: {len(ds.sources)} articles, {len(ds.figures)} figures, "
              f"{len(ds.claims)} claims\n")
        for setting, report in reports.items():
            m = merged[setting]
            for attr in ("by_source", "language"):
                getattr(m, attr).update({f"{Path(folder).name}/{k}": v for k, v in getattr(report, attr).items()})
            for attr in ("outlet_speakers", "elsewhere", "fuzzy"):
                getattr(m, attr).update(Counter({f"{Path(folder).name}/{k}": v
                                                 for k, v in getattr(report, attr).items()}))
        _table(reports)
        print("\nPer field:\n")
        print("| measure | setting | recall | precision |")
        print("|---|---|---|---|")
        for key in MEASURES:
            for setting, report in reports.items():
                if setting == "cold start" and key not in ("speakers", "claim rows"):
                    continue
                print(f"| {MEASURES[key]} | {setting} | {_cell(report.total(key))} |")
        print(f"\nSpeakers found by a spelling of their name in another script or form (rapidfuzz): "
              f"{sum(reports['cold start'].fuzzy.values())} claim rows")
        if details:
            _details(reports)
    return merged


def evaluation(args) -> int:
    """The development sets (rules are written from them; ``--details`` lists their misses), then the
    blind sets named (never read by rule writers: their misses are never listed). A blind set is
    spent by being measured after a round of rules, so it is measured only when named."""
    chosen = [Path(f) for f in args.evaluation] if args.evaluation else _folders(EVALUATION)
    if not chosen:
        print(f"no evaluation folder under {EVALUATION}", file=sys.stderr)
        return 1
    blind = [f for f in chosen if f.resolve().parent == BLIND.resolve()]
    development = [f for f in chosen if f not in blind]
    for title, folders in (("Development sets", development), ("Blind sets", blind)):
        if not folders:
            continue
        print(f"\n# {title}")
        merged = _measure(folders, details=args.details and folders is development)
        if len(folders) > 1:
            print(f"\n## {title}, all folders together, by language\n")
            _table(merged)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="data folder (default: the bundled data)")
    parser.add_argument("--evaluation", nargs="*", type=Path, metavar="DIR",
                        help="measure these evaluation folders (default: every development set under benchmarks/evaluation/; a blind set under benchmarks/blind/ only when named)")
    parser.add_argument("--details", action="store_true", help="list the curated rows missed and the wrong proposals (never those of a blind set)")
    args = parser.parse_args(argv)
    if args.evaluation is not None:
        return evaluation(args)
    return in_sample(args)


if __name__ == "__main__":
    raise SystemExit(main())
