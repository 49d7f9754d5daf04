"""Lighthouse (mobile) on the demo as production serves it: home, story, film and person pages.

Serves a throwaway copy of the demo with gunicorn (DEBUG off, static files through
WhiteNoise), runs Lighthouse from node_modules against Debian's chromium, prints the four
category scores per page and exits non-zero when any is below the bar (95).

    npm install && .venv/bin/python scripts/lighthouse.py      (or: make audit)
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = int(os.environ.get("LIGHTHOUSE_MINIMUM", "95"))
PAGES = {
    "home": "/",
    "story": "/news/2019/03/05/her-smell-alex-ross-perry-elisabeth-moss-akergirls-song/",
    "film": "/films/her-smell/",
    "person": "/people/elisabeth-moss/",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The demo server did not answer at {url}")


# Lighthouse itself sometimes fails to record a trace (NO_NAVSTART and the like) on a busy
# machine; that says nothing about the page, so such a run is tried again. Scores are never
# retried: a low score fails at once.
ATTEMPTS = 5


def audit(url: str, out: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(1, ATTEMPTS + 1):
        try:
            subprocess.run(command, check=True, env=env, timeout=180)
            break
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            if attempt == ATTEMPTS:
                raise
            print(f"Lighthouse run {attempt} on {url} failed ({error}); trying again.", file=sys.stderr)
            time.sleep(2)
    report = json.loads(out.read_text())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `npm install` first.")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "lighthouse-audit-only",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "SITE_URL": base,
            "SERVE_MEDIA": "1",
            "SECURE_SSL_REDIRECT": "0",
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
        }
        manage = [str(PYTHON), "manage.py"]
        for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
            subprocess.run(manage + command + ["--verbosity", "0"], check=True, env=env, cwd=ROOT)
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py", "newsroom.wsgi"],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_for(f"{base}/healthz")
            for path in PAGES.values():  # first visits make the image renditions
                urllib.request.urlopen(base + path, timeout=60).read()
            scores = {name: audit(base + path, Path(tmp) / f"{name}.json") for name, path in PAGES.items()}
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{'page':<8}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for name, row in scores.items():
        print(f"{name:<8}" + "".join(f"{row[category]:>16}" for category in CATEGORIES))
    failures = [(page, category, score) for page, row in scores.items() for category, score in row.items()
                if score < MINIMUM]  # fmt: skip
    for page, category, score in failures:
        print(f"FAIL {page} {category}: {score} < {MINIMUM}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
