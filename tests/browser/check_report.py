#!/usr/bin/env python3
"""Browser check of `bilat report` (standard library only; run by .ci/run).

For the bundled input, and for the Reuters-21578 corpus when the shared folder has it:
`bilat run` into a temp dir, `bilat report`, then headless Chromium (Debian `chromium`,
installed here when missing) opens report.html from file:// and
  * takes a screenshot (BILAT_REPORT_SHOTS, default /tmp/bilat-report-NAME.png),
  * dumps the loaded DOM, which must hold every chart element (by id) with its drawing,
  * logs the console to stderr, which must show no error.
Any external http(s) reference in the page also fails the check.

Environment: BILAT_BIN (the binary; default $CARGO_TARGET_DIR/release/bilat or
target/release/bilat), BILAT_SHARED (default ../shared), BILAT_REPORT_SHOTS (a pattern
with NAME), BILAT_REPORT_WINDOW (default 1400,6400: tall enough for the whole Reuters page).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHARTS = ["chart-top-pairs", "chart-sentiment-time", "chart-sector-mix", "chart-network"]
SECTIONS = ["accounting", "evidence", "articles"]
# Chromium logs console messages as "[...:INFO:CONSOLE:1] "text", source: ..." (the level
# varies by version, "ERROR:CONSOLE" too). The report has no scripts, so any console
# message at all means something went wrong.
CONSOLE_ERROR = re.compile(r"Uncaught|:CONSOLE[:(]|Failed to load resource|net::ERR_")


def log(msg):
    print(f"[check_report] {msg}", flush=True)


def fail(msg):
    print(f"[check_report] FAIL: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def binary():
    if os.environ.get("BILAT_BIN"):
        return os.environ["BILAT_BIN"]
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    return str(Path(target) / "release" / "bilat")


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    log("chromium not found: installing the Debian package")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], check=True, env=env, stdout=subprocess.DEVNULL)
    path = shutil.which("chromium")
    if not path:
        fail("chromium still missing after apt-get install")
    return path


def chrome_args(browser, profile):
    return [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}",
        "--enable-logging=stderr", "--v=0",
    ]


class Dom(HTMLParser):
    """Which chart ids exist, and how many SVG shapes and texts each holds."""

    def __init__(self):
        super().__init__()
        self.ids = set()
        self.stack = []  # open chart ids
        self.shapes = {c: 0 for c in CHARTS}
        self.svgs = {c: 0 for c in CHARTS}
        self.texts = {c: [] for c in CHARTS}
        self.in_text = False
        self.refs = []  # src/href values that are not in-page anchors or data: URIs

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("src", "href", "xlink:href", "srcset", "data"):
            v = (a.get(k) or "").strip()
            if k in a and not (v.startswith("#") or v.startswith("data:")):
                self.refs.append(f"<{tag} {k}={v!r}>")
        if tag in ("script", "link", "iframe", "object", "embed"):
            self.refs.append(f"<{tag}>")
        if a.get("id") in CHARTS and tag == "figure":
            self.stack.append(a["id"])
        if self.stack:
            cur = self.stack[-1]
            if tag == "svg":
                self.svgs[cur] += 1
            if tag in ("rect", "path", "circle", "line", "polyline", "polygon"):
                self.shapes[cur] += 1
            self.in_text = tag == "text"

    def handle_endtag(self, tag):
        if tag == "figure" and self.stack:
            self.stack.pop()
        if tag == "text":
            self.in_text = False

    def handle_data(self, data):
        if self.stack and self.in_text and data.strip():
            self.texts[self.stack[-1]].append(data.strip())


def check(name, out_dir, browser, window):
    html = out_dir / "report.html"
    page = html.read_text(encoding="utf-8")
    for pat in (r"<script", r"<link\b", r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", r"url\(\s*['\"]?(?:https?:)?//", r"@import"):
        if re.search(pat, page, re.I):
            fail(f"{name}: report.html has an external reference or script ({pat})")
    url = html.resolve().as_uri()
    shots = os.environ.get("BILAT_REPORT_SHOTS", "/tmp/bilat-report-NAME.png")
    shot = Path(shots.replace("NAME", name))
    shot.parent.mkdir(parents=True, exist_ok=True)
    if shot.exists():
        shot.unlink()
    with tempfile.TemporaryDirectory() as prof1, tempfile.TemporaryDirectory() as prof2:
        r = subprocess.run(chrome_args(browser, prof1) + [f"--screenshot={shot}", f"--window-size={window}", url],
                           capture_output=True, text=True, timeout=180)
        d = subprocess.run(chrome_args(browser, prof2) + ["--dump-dom", f"--window-size={window}", url],
                           capture_output=True, text=True, timeout=180)
    logs = r.stderr + d.stderr
    bad = [l for l in logs.splitlines() if CONSOLE_ERROR.search(l)]
    if bad:
        fail(f"{name}: console errors while loading the page:\n  " + "\n  ".join(bad[:20]))
    if r.returncode != 0 or not shot.exists() or shot.stat().st_size < 10_000:
        fail(f"{name}: no screenshot (exit {r.returncode}):\n{r.stderr[-2000:]}")
    if d.returncode != 0 or "</html>" not in d.stdout:
        fail(f"{name}: --dump-dom failed (exit {d.returncode}):\n{d.stderr[-2000:]}")
    dom = Dom()
    dom.feed(d.stdout)
    if dom.refs:
        fail(f"{name}: the page loads something from outside itself: {dom.refs[:5]}")
    if "bilat report" not in d.stdout:
        fail(f"{name}: the loaded page has no heading")
    for sid in SECTIONS:
        if sid not in dom.ids:
            fail(f"{name}: section #{sid} missing from the loaded DOM")
    for cid in CHARTS:
        if cid not in dom.ids:
            fail(f"{name}: chart #{cid} missing from the loaded DOM")
        if dom.svgs[cid] < 1 or dom.shapes[cid] < 5 or len(dom.texts[cid]) < 3:
            fail(f"{name}: chart #{cid} is empty (svg {dom.svgs[cid]}, shapes {dom.shapes[cid]}, texts {len(dom.texts[cid])})")
    log(f"{name}: ok — {len(CHARTS)} charts in the DOM ("
        + ", ".join(f"{c}: {dom.shapes[c]} shapes" for c in CHARTS)
        + f"), no console errors, screenshot {shot} ({shot.stat().st_size} bytes)")


def main():
    bin_ = binary()
    if not os.access(bin_, os.X_OK):
        fail(f"no bilat binary at {bin_} (build with cargo build --release, or set BILAT_BIN)")
    browser = chromium()
    window = os.environ.get("BILAT_REPORT_WINDOW", "1400,6400")
    shared = Path(os.environ.get("BILAT_SHARED", str(ROOT.parent / "shared")))
    cases = [("bundled", ROOT / "input")]
    reuters = shared / "corpora" / "reuters21578.jsonl.gz"
    if reuters.exists():
        cases.append(("reuters", reuters))
    else:
        log(f"{reuters} not found: checking the bundled input only")
    with tempfile.TemporaryDirectory() as tmp:
        for name, inp in cases:
            out = Path(tmp) / name
            subprocess.run([bin_, "run", "--quiet", "--input", str(inp), "--output", str(out), "--reference-date", "2026-11-27"], check=True)
            subprocess.run([bin_, "report", "--output", str(out)], check=True, stdout=subprocess.DEVNULL)
            check(name, out, browser, window)
    log("all reports passed")


if __name__ == "__main__":
    main()
