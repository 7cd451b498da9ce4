"""The query engine side by side: today's NumPy over the integer-coded claims (dashboard/claim_index.py)
and DuckDB over the same columns in a Parquet file, at every N.

    python benchmarks/engines.py DATA_DIR [--sizes 1e3,1e4,1e5,1e6,1e7] [--changes 42] [--json out.json]

``DATA_DIR`` is a generated folder (``claims-dashboard generate``), prepared through the cache.
For N up to its size the first N claims are used; a larger N repeats its claims (10^7 = a
10^6 folder ten times over: the same mix of values, so every filter keeps its selectivity).
Each engine answers, for each of the scripted filter changes of ``benchmarks/run.py``, what
one change needs from the data (run.py's "floor"): the matching count, the 30 busiest
claimants and targets, the matrix cells among them, the timeline's counts per claimant, day
and stance, and the table's first page in date order. Text search runs on both over the same
case-folded quotes. Timings are medians and 95th percentiles over the changes, in one process,
one engine after the other at each N.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]


def scaled_index(p, n: int):
    """``p``'s claim index cut or repeated to ``n`` claims (a :class:`ClaimIndex`)."""
    from dashboard.claim_index import ClaimIndex, Coded, FoldedText

    size, idx = p.index.size, p.index
    reps = -(-n // size)

    def fit(a):
        return (np.tile(a, reps) if reps > 1 else a)[:n]

    coded = {name: Coded.from_parts(fit(getattr(idx, name).codes), getattr(idx, name).values)
             for name in ClaimIndex.CODED}
    offsets, data = idx.text.offsets, idx.text.data
    if reps > 1:
        length = int(offsets[-1])
        offs = np.concatenate([offsets[:-1] + k * length for k in range(reps)] + [[reps * length]])
        text = FoldedText(bytes(data) * reps, offs[: n + 1])
    else:
        text = FoldedText(bytes(data[: int(offsets[n])]), offsets[: n + 1].copy())
    rank = fit(_date_rank(p)) * reps + np.arange(n) // size  # a repeat sorts after its original
    return ClaimIndex(**coded, start_day=fit(idx.start_day), end_day=fit(idx.end_day), text=text,
                      actor_names=idx.actor_names, target_names=idx.target_names), rank


def _date_rank(p) -> np.ndarray:
    order = p.derived["order:date"]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


# ------------------------------------------------------------------ NumPy (today's engine)

def numpy_floor(index, order, f: dict) -> dict:
    mask = index.mask(actors=f["actors"], targets=f["targets"], stances=f["stances"], sources=f["sources"],
                      start=f["start"], end=f["end"], search=f["search"])
    out = {"count": int(mask.sum())}
    for name in ("actor", "target"):
        coded = getattr(index, name)
        counts = np.bincount(coded.codes[mask], minlength=len(coded))
        present = np.flatnonzero(counts)
        out[name] = present[np.argsort(-counts[present], kind="stable")[:30]]
    keep_actor = np.zeros(len(index.actor), dtype=bool)
    keep_actor[out["actor"]] = True
    keep_target = np.zeros(len(index.target), dtype=bool)
    keep_target[out["target"]] = True
    shown = mask & keep_actor[index.actor.codes] & keep_target[index.target.codes]
    out["cells"] = len(index.counts(shown, index.actor, index.target, index.stance)[1])
    out["timeline"] = len(index.counts(mask, index.actor, index.day, index.stance)[1])
    out["page"] = order[mask[order]][:12].tolist()  # the date order is computed with the data, as in the app
    return out


# ------------------------------------------------------------------ DuckDB on Parquet

class DuckEngine:
    """The same questions as SQL over a Parquet file of the coded columns."""

    def __init__(self, index, rank, folder: Path):
        import duckdb
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.index = index
        offsets = pa.py_buffer(np.ascontiguousarray(index.text.offsets))
        folded = pa.LargeStringArray.from_buffers(index.size, offsets, pa.py_buffer(index.text.data))
        table = pa.table({
            "row": np.arange(index.size, dtype=np.int64), "actor": index.actor.codes, "target": index.target.codes,
            "stance": index.stance.codes, "source": index.source.codes, "evidence": index.evidence.codes,
            "day": index.day.codes,
            "start_day": index.start_day, "end_day": index.end_day, "rank": rank, "folded": folded,
        })
        self.file = folder / f"claims-{index.size}.parquet"
        pq.write_table(table, self.file, row_group_size=1_000_000)
        self.db = duckdb.connect()
        self.db.execute(f"CREATE VIEW claims AS SELECT * FROM read_parquet('{self.file}')")

    def _where(self, f: dict) -> tuple[str, list]:
        from dashboard.claim_index import _day

        parts, args = [], []
        for name, column in (("actors", "actor"), ("targets", "target"), ("stances", "stance"),
                             ("sources", "source")):
            if f[name]:
                codes = getattr(self.index, column).values.get_indexer(list(f[name]))
                parts.append(f"{column} IN ({', '.join(str(int(c)) for c in codes)})")
        # every day a claim may have been made lies in the range, as ClaimIndex.mask asks
        if f["start"] is not None:
            parts.append(f"start_day >= {_day(f['start'])} AND end_day >= {_day(f['start'])}")
        if f["end"] is not None:
            parts.append(f"end_day <= {_day(f['end'])} AND start_day <= {_day(f['end'])}")
        for term in dict.fromkeys(f["search"].casefold().split()):
            # names and evidence are searched per distinct value, as the NumPy engine does
            name_hits = []
            for column, (_coded, names) in zip(("actor", "target", "evidence"), self.index._names):
                hit = [i for i, n in enumerate(names) if term in n]
                if hit:
                    name_hits.append(f"{column} IN ({', '.join(map(str, hit))})")
            parts.append("(" + " OR ".join(["contains(folded, ?)", *name_hits]) + ")")
            args.append(term)
        return (" AND ".join(parts) or "TRUE"), args

    def floor(self, f: dict) -> dict:
        where, args = self._where(f)
        q = self.db.execute
        out = {"count": q(f"SELECT count(*) FROM claims WHERE {where}", args).fetchone()[0]}
        for column in ("actor", "target"):
            out[column] = [r[0] for r in q(f"SELECT {column}, count(*) AS n FROM claims WHERE {where} "
                                           f"GROUP BY {column} ORDER BY n DESC, {column} LIMIT 30", args).fetchall()]
        actors = ", ".join(map(str, out["actor"])) or "-1"
        targets = ", ".join(map(str, out["target"])) or "-1"
        out["cells"] = q(f"SELECT count(*) FROM (SELECT actor, target, stance FROM claims WHERE {where} "
                         f"AND actor IN ({actors}) AND target IN ({targets}) GROUP BY ALL)", args).fetchone()[0]
        out["timeline"] = q(f"SELECT count(*) FROM (SELECT actor, day, stance FROM claims WHERE {where} "
                            "GROUP BY ALL)", args).fetchone()[0]
        out["page"] = [r[0] for r in q(f"SELECT row FROM claims WHERE {where} ORDER BY rank LIMIT 12",
                                       args).fetchall()]
        return out


def _stats(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"median": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
            "max": ordered[-1]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a generated data folder")
    parser.add_argument("--sizes", default="1e3,1e4,1e5,1e6,1e7")
    parser.add_argument("--changes", type=int, default=42)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    import run

    from dashboard.cache import load_prepared
    from dashboard.state import FilterState

    p = load_prepared(args.data)
    steps = run.script(p, args.changes, args.seed)
    shadow, filters = FilterState(p), []
    for step in steps:
        shadow.param.update(**step["change"])
        filters.append({k: getattr(shadow, k) for k in ("actors", "targets", "stances", "sources", "start", "end",
                                                         "search")})
    results = []
    with tempfile.TemporaryDirectory(prefix="claims-engines-") as tmp:
        for n in [int(float(s)) for s in args.sizes.split(",")]:
            index, rank = scaled_index(p, n)
            duck = DuckEngine(index, rank, Path(tmp))
            order = np.argsort(rank, kind="stable")
            timings = {"numpy": [], "duckdb": []}
            for f in filters:
                t = time.perf_counter()
                a = numpy_floor(index, order, f)
                timings["numpy"].append((time.perf_counter() - t) * 1000)
                index.clear_search_cache()
                t = time.perf_counter()
                b = duck.floor(f)
                timings["duckdb"].append((time.perf_counter() - t) * 1000)
                if (a["count"], a["cells"], a["timeline"], a["page"]) != (b["count"], b["cells"], b["timeline"],
                                                                             b["page"]):
                    raise AssertionError(f"the engines disagree at N={n} on {f}: {a} vs {b}")
            row = {"claims": n, **{k: _stats(v) for k, v in timings.items()},
                   "by_change": [{"kind": step["kind"], "numpy_ms": a_ms, "duckdb_ms": b_ms}
                                 for step, a_ms, b_ms in zip(steps, timings["numpy"], timings["duckdb"])]}
            row["faster"] = min(("numpy", "duckdb"), key=lambda k: row[k]["p95"])
            results.append(row)
            print(f"{n:>12,}  numpy median {row['numpy']['median']:8.1f} ms p95 {row['numpy']['p95']:8.1f} ms | "
                  f"duckdb median {row['duckdb']['median']:8.1f} ms p95 {row['duckdb']['p95']:8.1f} ms | "
                  f"faster: {row['faster']}", flush=True)
            duck.db.close()
            duck.file.unlink()
            del index, duck
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
