"""The performance report runs end to end in a small configuration (its timings are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_the_benchmark_report_is_produced(tmp_path):
    out = tmp_path / "report"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "400", "--changes", "9",
         "--sessions", "2", "--browser-repeats", "1", "--page-sizes", "400", "--workdir", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((out / "report.json").read_text())
    (row,) = report["sizes"]
    assert row["claims"] == 400 and row["start"]["cold"]["claims"] == row["start"]["warm"]["claims"] == 400
    assert any("from the cache" in stage for stage in row["start"]["warm"]["stages"])
    changes = row["latency"]["changes"]
    assert [c["kind"] for c in changes][:3] == ["actor", "stance", "clear"]
    assert all(c["app_ms"] > 0 and c["floor_ms"] > 0 and c["bytes"] > 0 for c in changes)
    assert changes[2]["matching"] == 400  # "clear" brings every claim back
    memory = row["memory"]
    assert memory["rss_mb"]["one_session"] > memory["rss_mb"]["no_session"] > 0
    assert report["browser"]["dashboard_s"] > 0 and report["browser"]["minimal_s"] > 0
    assert report["browser"]["dashboard_400_s"] > 0  # the generated folder's page, beside the bundled one
    assert all(c["app_cpu_ms"] >= 0 for c in changes)
    table = (out / "report.md").read_text()
    assert "| 400 |" in table and "minimal Panel page" in table and "Page ready with 400 claims" in table
