"""Broken data, read-only data, a crashed server, and URLs that try to reach files."""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from browser_support import COUNT_FIGURES, Server, free_port
from dashboard import load
from dashboard.dataset import default_path

sync_api = pytest.importorskip("playwright.sync_api")
TIMEOUT = 60_000


def fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    """Content hash and modification time of every file under ``folder``."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def copy(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(default_path(), dest)
    yield dest
    subprocess.run(["chmod", "-R", "u+w", str(dest)], check=False)


def ready(page):
    page.wait_for_function(f"({COUNT_FIGURES})() >= 3", timeout=TIMEOUT)
    count = page.locator("[data-testid=claim-count]", has_text=re.compile(r"^\d+$")).first
    count.wait_for(timeout=TIMEOUT)
    return int(count.inner_text())


def test_serving_invalid_data_exits_before_the_server_starts(copy):
    claims = (copy / "claims.csv").read_text(encoding="utf-8").splitlines()
    claims[1] = claims[1].replace(",patrushev,", ",nobody,", 1)
    (copy / "claims.csv").write_text("\n".join(claims) + "\n", encoding="utf-8")
    port = free_port()
    result = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--data", str(copy), "--port", str(port)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "claims.csv:2:actor_id:" in result.stderr and "Not serving" in result.stderr
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "something is listening"


def test_the_app_runs_on_a_read_only_folder_and_writes_nothing(copy, browser):
    before = fingerprint(copy)
    server = Server(copy, readonly=True)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(server.url + "?actor=putin")
        assert ready(page) == int((load(copy).claims.actor_id == "putin").sum())
        page.locator(".cd-table tbody tr").first.click()
        page.locator("mark").first.wait_for(timeout=TIMEOUT)
        page.close()
    finally:
        server.stop()
    assert "Traceback" not in server.log.read_text()
    assert fingerprint(copy) == before


def test_after_a_crash_and_restart_reloading_restores_the_view(browser):
    server = Server()
    port = server.port
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    try:
        page.goto(server.url + "?stance=denies&selected=claim:c004_07")
        n = ready(page)
        page.locator("mark", has_text="There was no Ukrainian involvement whatsoever.").first.wait_for(timeout=TIMEOUT)
        url = page.url
        server.kill()
        server = Server(port=port)
        page.reload()
        assert page.url == url
        assert ready(page) == n
        page.locator("mark", has_text="There was no Ukrainian involvement whatsoever.").first.wait_for(timeout=TIMEOUT)
        assert page.get_by_role("list", name="Stance").get_by_text("Denies").is_visible()
    finally:
        page.close()
        server.stop()


def test_no_url_parameter_reaches_the_file_system(browser):
    server = Server()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(server.url + "?data=/etc&path=../../etc/passwd&file=/etc/passwd&outlet=../../etc/passwd")
        assert ready(page) == len(load().claims)
        alerts = " ".join(page.locator("[role=alert]").all_inner_texts())
        for key in ("data", "path", "file", "outlet"):
            assert f"“{key}" in alerts
        assert "root:" not in page.content()
        page.close()
    finally:
        server.stop()
