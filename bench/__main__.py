"""`make bench`: the benchmark report of DESIGN.md "Performance" and issue 6.

For each size (BENCH_SIZES, default "1000,100000") it seeds a fresh database (SQLite files
under .bench/, or one PostgreSQL database per size when DATABASE_URL is PostgreSQL), counts
queries and times warm renders in-process, then serves it with gunicorn (2 sync workers,
DEBUG off, WhiteNoise static files) and loads every page with wrk, without and with the
page cache, three runs each, reporting the medians. The table goes to stdout, the figures
to $BENCH_OUT (default bench-results.json). BENCH_DURATION (seconds per wrk run, default
10) and BENCH_REUSE=1 (keep an already seeded database) shorten runs while developing.
"""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
REPEATS = 3
WRK_ARGS = ["-t2", "-c32", "--latency"]
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def ensure_wrk() -> str:
    """wrk from Debian's packages, installed on first use."""
    if found := shutil.which("wrk"):
        return found
    log("Installing wrk (apt-get install -y wrk)...")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def database_url(stories: int) -> tuple[str, str]:
    """(engine name, URL) of the fresh database for one corpus size."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        return "postgresql", urlsplit(base)._replace(path=f"/newsroom_bench_{stories}").geturl()
    return "sqlite", f"sqlite:///{WORK / f'bench-{stories}.sqlite3'}"


def fresh_database(engine: str, url: str) -> None:
    if engine == "sqlite":
        path = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(engine: str, url: str) -> bool:
    if engine == "sqlite":
        return Path(urlsplit(url).path).exists()
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path[1:]]).fetchone())


def child_env(url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(WORK / "media"),
        "PYTHONHASHSEED": "0",
    }
    env.update(extra)
    return env


def manage(url: str, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=child_env(url), check=True)


def seed(engine: str, url: str, stories: int) -> float:
    if os.environ.get("BENCH_REUSE") == "1" and database_exists(engine, url):
        log(f"Reusing the {stories}-story database (migrated to the current schema).")
        manage(url, "migrate", "--noinput", "--verbosity", "0")
        return 0.0
    fresh_database(engine, url)
    manage(url, "migrate", "--noinput", "--verbosity", "0")
    started = time.monotonic()
    manage(url, "seed_demo_content", "--stories", str(stories), "--verbosity", "0")
    seconds = time.monotonic() - started
    log(f"Seeded {stories} stories in {seconds:.1f} s (load {loadavg()}).")
    return seconds


def in_process(url: str) -> dict:
    out = subprocess.run(
        [PYTHON, "-m", "bench.inprocess"], cwd=ROOT, env=child_env(url), check=True, capture_output=True
    )
    return json.loads(out.stdout)


class Server:
    """gunicorn as in production: gunicorn.conf.py, 2 sync workers, DEBUG off."""

    def __init__(self, url: str, *, cached: bool, app: str = "newsroom.wsgi", ready_path: str = "/healthz"):
        self.url = url
        self.cached = cached
        self.app = app
        self.ready_path = ready_path

    def __enter__(self):
        env = child_env(
            self.url,
            PORT=str(PORT),
            HOST="127.0.0.1",
            WEB_CONCURRENCY="2",
            PAGE_CACHE_SECONDS="300" if self.cached else "0",
            # A recycled worker starts with an empty local-memory cache; in production the
            # cache is Redis and survives it, so the bench does not recycle.
            GUNICORN_MAX_REQUESTS="0",
        )
        env.pop("ACCESS_LOG", None)
        self.log = open(WORK / f"gunicorn-{'cached' if self.cached else 'uncached'}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--config", "gunicorn.conf.py", self.app],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{self.ready_path}", timeout=2).read()
                return self
            except OSError:
                if self.process.poll() is not None:
                    sys.exit("gunicorn exited; see .bench/gunicorn-*.log")
                time.sleep(0.3)
        self.__exit__()
        sys.exit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


def port_free() -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", PORT)) != 0


def parse_wrk(output: str) -> dict:
    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * UNITS_MS[unit]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": ms(p50.group(1)) if p50 else None,
        "p99_ms": ms(p99.group(1)) if p99 else None,
        "errors": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def load_test(wrk: str, path: str, duration: int) -> dict:
    """Three wrk runs; the median of each figure, and the load average seen before each."""
    runs, loads = [], []
    for _ in range(REPEATS):
        loads.append(loadavg())
        out = subprocess.run(
            [wrk, *WRK_ARGS, f"-d{duration}s", f"http://127.0.0.1:{PORT}{path}"],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(parse_wrk(out.stdout))

    def median(name: str):
        values = [run[name] for run in runs if run[name] is not None]
        return round(statistics.median(values), 2) if values else None

    return {name: median(name) for name in ("rps", "p50_ms", "p99_ms", "errors", "timeouts")} | {
        "loadavg": loads
    }


def warm(path: str) -> None:
    # Enough requests that both workers (each with its own local-memory cache) hold the page.
    for _ in range(8):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60).read()
        except OSError:
            pass


# The cheapest page through the whole stack (middleware, gunicorn, loopback): what this machine
# allows any page, to read the other figures against (machines differ twofold or more).
FLOOR_PATH = "/robots.txt"
# Issue 6 gives its targets for a machine where a bare Django "hello world" (bench/hello.py)
# reached this under the same gunicorn and wrk settings. Each size serves it before its pages,
# and every req/s is also given scaled to that machine: rps * REFERENCE / hello world here.
REFERENCE_HELLO_RPS = 5900.0
HELLO_APP = "bench.hello:application"


def at_reference(rps: float, hello_rps: float) -> float:
    """What `rps` measured here would be on the issue's machine, by the hello world ratio."""
    return round(rps * REFERENCE_HELLO_RPS / hello_rps, 1)


def bench_size(wrk: str, engine: str, stories: int, duration: int) -> tuple[list[dict], list[dict], dict]:
    """This size's runs, their details, and the floor and hello-world figures they are read against."""
    _, url = database_url(stories)
    seed_seconds = seed(engine, url, stories)
    log(f"Rendering in-process ({stories} stories)...")
    pages = in_process(url)
    http: dict[str, dict] = {}
    floor = {}
    log(f"  wrk hello world, the yardstick (load {loadavg()})")
    with Server(url, cached=False, app=HELLO_APP, ready_path="/"):
        hello = load_test(wrk, "/", duration)
    for cached in (False, True):
        with Server(url, cached=cached):
            if not cached:
                log(f"  wrk floor {FLOOR_PATH} (load {loadavg()})")
                floor = load_test(wrk, FLOOR_PATH, duration)
            for page, figures in pages.items():
                if cached:
                    warm(figures["url"])
                log(f"  wrk {'cached' if cached else 'uncached'} {page} {figures['url']} (load {loadavg()})")
                http.setdefault(page, {})["cached" if cached else "uncached"] = load_test(
                    wrk, figures["url"], duration
                )
    runs, details = [], []
    for page, figures in pages.items():
        uncached, cached = http[page]["uncached"], http[page]["cached"]
        runs.append(
            {
                "stories": stories,
                "page": page,
                "queries": figures["queries"],
                "render_ms_median": figures["render_ms_median"],
                "render_ms_p95": figures["render_ms_p95"],
                "rps": uncached["rps"],
                "p50_ms": uncached["p50_ms"],
                "p99_ms": uncached["p99_ms"],
                "cached_rps": cached["rps"],
                "rps_at_reference": at_reference(uncached["rps"], hello["rps"]),
                "cached_rps_at_reference": at_reference(cached["rps"], hello["rps"]),
            }
        )
        details.append(
            {
                "stories": stories,
                "page": page,
                "url": figures["url"],
                "status": figures["status"],
                "render_runs": figures["render_runs"],
                "uncached": uncached,
                "cached": cached,
                "seed_seconds": round(seed_seconds, 1),
            }
        )
    return runs, details, {"floor": floor, "hello": hello}


def table(runs: list[dict], details: list[dict]) -> str:
    header = (
        f"{'stories':>7} {'page':<12} {'status':>6} {'queries':>7} {'render_med':>10} {'render_p95':>10} "
        f"{'rps':>8} {'rps@ref':>8} {'p50_ms':>8} {'p99_ms':>8} "
        f"{'cached_rps':>10} {'cached@ref':>10} {'errors':>6}"
    )
    lines = [header, "-" * len(header)]
    for run, detail in zip(runs, details, strict=True):

        def cell(value, width):
            return f"{value:>{width}}" if value is not None else f"{'-':>{width}}"

        errors = detail["uncached"]["errors"] + detail["uncached"]["timeouts"]
        lines.append(
            f"{run['stories']:>7} {run['page']:<12} {detail['status']:>6} {run['queries']:>7} "
            f"{cell(run['render_ms_median'], 10)} {cell(run['render_ms_p95'], 10)} {cell(run['rps'], 8)} "
            f"{cell(run['rps_at_reference'], 8)} {cell(run['p50_ms'], 8)} {cell(run['p99_ms'], 8)} "
            f"{cell(run['cached_rps'], 10)} {cell(run['cached_rps_at_reference'], 10)} {errors:>6}"
        )
    return "\n".join(lines)


def main() -> None:
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,100000").split(",") if size.strip()]
    duration = int(os.environ.get("BENCH_DURATION", "10"))
    out = Path(os.environ.get("BENCH_OUT", "bench-results.json"))
    WORK.mkdir(exist_ok=True)
    wrk = ensure_wrk()
    if not port_free():
        sys.exit(f"Port {PORT} is busy; set BENCH_PORT to a free one.")
    engine, _ = database_url(sizes[0])
    first_url = database_url(sizes[0])[1]
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=child_env(first_url),
        check=True,
    )
    started_load = loadavg()
    runs, details, yardsticks = [], [], {}
    for stories in sizes:
        size_runs, size_details, yardsticks[stories] = bench_size(wrk, engine, stories, duration)
        runs += size_runs
        details += size_details
    report = {
        "database": engine,
        "runs": runs,
        "details": details,
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_at_start": started_load,
            "loadavg_at_end": loadavg(),
            "floor": {
                "path": FLOOR_PATH,
                "rps_by_stories": {n: y["floor"]["rps"] for n, y in yardsticks.items()},
            },
            "hello_world": {
                "app": HELLO_APP,
                "reference_rps": REFERENCE_HELLO_RPS,
                "rps_by_stories": {n: y["hello"]["rps"] for n, y in yardsticks.items()},
            },
        },
        "wrk": " ".join([*WRK_ARGS, f"-d{duration}s"]) + f", {REPEATS} runs, median",
    }
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(table(runs, details))
    print(f"\nFloor ({FLOOR_PATH} through every middleware, uncached): ", end="")
    print(", ".join(f"{y['floor']['rps']} req/s at {n} stories" for n, y in yardsticks.items()))
    print(f"Bare Django hello world here (the issue's machine: {REFERENCE_HELLO_RPS:,.0f} req/s): ", end="")
    print(", ".join(f"{y['hello']['rps']} req/s at {n} stories" for n, y in yardsticks.items()))
    print(
        "rps@ref, cached@ref: req/s times (the issue's hello world / this one), to read against the targets."
    )
    print(f"\nDatabase: {engine}; load average at start {started_load}, at end {loadavg()}; written to {out}")


if __name__ == "__main__":
    main()
