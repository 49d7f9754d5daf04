"""`make bench`: the benchmark report of DESIGN.md "Performance" and issue 6.

For each size (BENCH_SIZES, default "1000,100000") it seeds a fresh database (SQLite files
under .bench/, or one PostgreSQL database per size when DATABASE_URL is PostgreSQL), counts
queries and times warm renders in-process, then serves it as production does: gunicorn with
gunicorn.conf.py (2 sync workers, recycled every ~5,000 requests), DEBUG off, WhiteNoise
static files, and the page cache's shared store (its SQLite file, or the Redis of
REDIS_URL). With wrk it loads

- every page kind at three depths, three runs each (the medians): cold (page cache and
  fragment store off: every page rebuilt from the database), a page miss (page cache off,
  its fragments stored) and cached;
- readers spread Zipf-wise over 30,000 public URLs (bench/urlset.py, bench/zipf.lua), each
  server warmed up by them first: uncached, cached, and cached while an editor saves a story
  a second (bench/editor.py), with the share of page cache hits;
- and, with recycling off, 20,000 distinct URLs, to see how much each worker grows.

Every req/s is also given as a ratio to a bare Django hello world served in the same run.
The tables go to stdout, the figures to $BENCH_OUT (default bench-results.json).
BENCH_DURATION (seconds per wrk run, default 10; the readers' warm-up lasts three times as
long) and BENCH_REUSE=1 (keep an already seeded database) shorten runs while developing.
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
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from bench.desk import desk_table
from bench.urlset import GROWTH_URLS, GROWTH_WARMUP_URLS

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
ZIPF_SCRIPT = ROOT / "bench" / "zipf.lua"
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
    # A database without the pictures it was seeded with would measure error pages.
    media = WORK / "media" / "demo"
    if os.environ.get("BENCH_REUSE") == "1" and database_exists(engine, url) and any(media.glob("*")):
        log(f"Reusing the {stories}-story database (migrated to the current schema).")
        manage(url, "migrate", "--noinput", "--verbosity", "0")
        # As a production upgrade does (docs/deploy.md): stories from before stored related lists.
        manage(url, "refresh_related_stories", "--verbosity", "0")
        return 0.0
    fresh_database(engine, url)
    manage(url, "migrate", "--noinput", "--verbosity", "0")
    started = time.monotonic()
    manage(url, "seed_demo_content", "--stories", str(stories), "--verbosity", "0")
    seconds = time.monotonic() - started
    log(f"Seeded {stories} stories in {seconds:.1f} s (load {loadavg()}).")
    return seconds


def in_process(url: str, module: str = "bench.inprocess"):
    out = subprocess.run([PYTHON, "-m", module], cwd=ROOT, env=child_env(url), capture_output=True)
    if out.returncode:
        sys.exit(f"The in-process measurement failed:\n{out.stderr.decode(errors='replace')}")
    return json.loads(out.stdout)


class PageStore:
    """The page cache's shared store, fresh for each size: the embedded default (an SQLite file
    every worker and the editor's process open) or, for the PostgreSQL + Redis table, the Redis
    in REDIS_URL, emptied first so no page of another size or run is replayed."""

    def __init__(self, stories: int):
        self.stories = stories

    def __enter__(self) -> dict[str, str]:
        redis_url = os.environ.get("REDIS_URL", "")
        if redis_url:
            import redis

            redis.Redis.from_url(redis_url).flushdb()
            return {"REDIS_URL": redis_url}
        path = WORK / f"pages-{self.stories}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return {"REDIS_URL": "", "PAGE_CACHE_FILE": str(path)}

    def __exit__(self, *exc):
        pass


class Server:
    """gunicorn as in production: gunicorn.conf.py (worker recycling included), 2 sync
    workers, DEBUG off, the page cache and the fragment store in the store `cache_env` names
    (PageStore); `fragments=False` turns the fragment store off (a cold render)."""

    def __init__(
        self,
        url: str,
        *,
        cached: bool,
        fragments: bool = True,
        cache_env: dict | None = None,
        recycle: bool = True,
        app: str = "newsroom.wsgi",
        ready_path: str = "/healthz",
    ):
        self.url = url
        self.cached = cached
        self.fragments = fragments
        self.cache_env = cache_env or {}
        self.recycle = recycle
        self.app = app
        self.ready_path = ready_path

    def __enter__(self):
        env = child_env(
            self.url,
            PORT=str(PORT),
            HOST="127.0.0.1",
            WEB_CONCURRENCY="2",
            PAGE_CACHE_SECONDS="3600" if self.cached else "0",
            FRAGMENT_CACHE_SECONDS="86400" if self.fragments else "0",
            **self.cache_env,
        )
        if not self.recycle:
            env["GUNICORN_MAX_REQUESTS"] = "0"
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

    def workers(self) -> list[int]:
        """The gunicorn master's children: its workers."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone meanwhile
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)


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


def parse_hits(output: str) -> dict:
    """The responses and page cache hits bench/zipf.lua counted, and their ratio."""
    found = re.search(r"^zipf: responses (\d+), page cache hits (\d+)$", output, re.M)
    responses, hits = (int(number) for number in found.groups()) if found else (0, 0)
    return {
        "responses": responses,
        "hits": hits,
        "hit_ratio": round(hits / responses, 3) if responses else None,
    }


def run_wrk(wrk: str, path: str, duration: int, mix: Path | None = None) -> str:
    """wrk's report on `path`, or, given a URL mix, on readers spread over it by bench/zipf.lua
    (wrk hands what follows "--" to the script)."""
    target = f"http://127.0.0.1:{PORT}{path}"
    out = subprocess.run(
        [
            wrk,
            *WRK_ARGS,
            f"-d{duration}s",
            *(["-s", str(ZIPF_SCRIPT), target, "--", str(mix)] if mix else [target]),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def load_test(wrk: str, path: str, duration: int) -> dict:
    """Three wrk runs; the median of each figure, and the load average seen before each."""
    runs, loads = [], []
    for _ in range(REPEATS):
        loads.append(loadavg())
        runs.append(parse_wrk(run_wrk(wrk, path, duration)))

    def median(name: str):
        values = [run[name] for run in runs if run[name] is not None]
        return round(statistics.median(values), 2) if values else None

    return {name: median(name) for name in ("rps", "p50_ms", "p99_ms", "errors", "timeouts")} | {
        "loadavg": loads
    }


def warm(path: str) -> None:
    # Enough requests that both workers hold the page (each keeps its own copies, core/cache.py).
    for _ in range(8):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60).read()
        except OSError:
            pass


# (name, page cache on, fragment store on): rebuilt from the database, a page miss assembled
# from stored fragments, and a page cache hit.
DEPTHS = (("cold", False, False), ("uncached", False, True), ("cached", True, True))
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


def ratio(rps: float, hello_rps: float) -> float | None:
    """`rps` as a share of this run's hello world: comparable across machines."""
    return round(rps / hello_rps, 4) if hello_rps else None


def scaled(name: str, rps: float, hello_rps: float) -> dict:
    """A req/s figure with its ratio to hello world and its value on the issue's machine."""
    return {
        name: rps,
        f"{name}_ratio": ratio(rps, hello_rps),
        f"{name}_at_reference": at_reference(rps, hello_rps),
    }


def readers(wrk: str, mix: Path, duration: int) -> dict:
    """One wrk run of readers spread over the URL mix: req/s, latency, errors, cache hits."""
    log(f"  wrk readers over the URL mix, {duration} s (load {loadavg()})")
    output = run_wrk(wrk, "/", duration, mix)
    return parse_wrk(output) | parse_hits(output)


def warm_up(wrk: str, mix: Path, seconds: int) -> None:
    log(f"  warming up with the readers' mix for {seconds} s")
    run_wrk(wrk, "/", seconds, mix)


def url_files(url: str, stories: int) -> tuple[Path, Path, int]:
    """The readers' URL mix and the memory measurement's distinct URLs, written by bench/urlset.py."""
    mix, growth = WORK / f"urls-{stories}.txt", WORK / f"growth-urls-{stories}.txt"
    out = subprocess.run(
        [PYTHON, "-m", "bench.urlset", str(mix), str(growth)],
        cwd=ROOT,
        env=child_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return mix, growth, int(out.stdout.split()[-1])


def editing(wrk: str, url: str, cache_env: dict, mix: Path, duration: int, warmup: int) -> dict:
    """Readers over the URL mix, each server warmed up by them first: uncached; cached; cached
    while an editor saves. Uncached too: fresh workers are three times slower over the first
    thousand URLs (templates, per-worker memos), which would measure a start, not a day."""
    with Server(url, cached=False, cache_env=cache_env):
        warm_up(wrk, mix, warmup)
        uncached = readers(wrk, mix, duration)
    with Server(url, cached=True, cache_env=cache_env):
        warm_up(wrk, mix, warmup)
        cached = readers(wrk, mix, duration)
        editor = subprocess.Popen(
            [PYTHON, "-m", "bench.editor", str(duration)],
            cwd=ROOT,
            env=child_env(url, **cache_env),
            stdout=subprocess.PIPE,
            text=True,
        )
        editor.stdout.readline()  # "ready": Django is set up, the first save comes now
        with_edits = readers(wrk, mix, duration)
        log(f"  editor: {editor.communicate(timeout=60)[0].strip()}")
    return {"uncached": uncached, "cached": cached, "cached_editing": with_edits}


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fetch(path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def worker_growth(wrk: str, url: str, cache_env: dict, mix: Path, growth: Path, warmup: int) -> dict:
    """How much each worker's memory grows over many distinct URLs, after a warm-up: the
    readers' mix, then GROWTH_WARMUP_URLS distinct URLs of the kinds measured."""
    # Recycling off for this one measurement: a worker recycled every ~5,000 requests would
    # hide a leak (or an unbounded memo) behind a fresh process.
    urls = growth.read_text().split()
    with Server(url, cached=True, cache_env=cache_env, recycle=False) as server:
        warm_up(wrk, mix, warmup)
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(fetch, urls[:GROWTH_WARMUP_URLS]))
            log(f"  worker memory over {GROWTH_URLS:,} distinct URLs")
            before = {pid: rss_kb(pid) for pid in server.workers()}
            statuses = list(pool.map(fetch, urls[GROWTH_WARMUP_URLS:]))
        after = {pid: rss_kb(pid) for pid in server.workers()}
    grown = {pid: round((after[pid] - kb) / 1024, 1) for pid, kb in before.items() if pid in after}
    return {
        "max_mb": max(grown.values(), default=None),
        "per_worker_mb": list(grown.values()),
        "rss_before_mb": [round(kb / 1024, 1) for kb in before.values()],
        "urls": len(statuses),
        "statuses": {str(code): statuses.count(code) for code in sorted(set(statuses))},
    }


def editing_figures(stories: int, urls: int, figures: dict, hello_rps: float) -> dict:
    uncached, cached, with_edits = figures["uncached"], figures["cached"], figures["cached_editing"]
    return {
        "stories": stories,
        "urls": urls,
        **scaled("uncached_rps", uncached["rps"], hello_rps),
        **scaled("cached_rps", cached["rps"], hello_rps),
        **scaled("cached_editing_rps", with_edits["rps"], hello_rps),
        "hit_ratio": cached["hit_ratio"],
        "editing_hit_ratio": with_edits["hit_ratio"],
        "p99_ms": {name: run["p99_ms"] for name, run in figures.items()},
        "errors": {name: run["errors"] + run["timeouts"] for name, run in figures.items()},
    }


def bench_size(wrk: str, engine: str, stories: int, duration: int) -> tuple[list[dict], list[dict], dict]:
    """This size's runs, their details, and the yardsticks, readers' and memory figures."""
    _, url = database_url(stories)
    seed_seconds = seed(engine, url, stories)
    log(f"Rendering in-process ({stories} stories)...")
    pages = in_process(url)
    log(f"The desk in-process, as an editor ({stories} stories)...")
    desk = [{"stories": stories, **row} for row in in_process(url, "bench.desk")]
    mix, growth, urls = url_files(url, stories)
    log(f"{urls:,} public URLs for the readers' mix ({stories} stories).")
    # The readers' mix as the issue measures it: 30 s of warm-up, then 10 s runs, whatever the
    # per-page runs' length (BENCH_READERS_SECONDS shortens it for a quick look).
    readers_seconds = int(os.environ.get("BENCH_READERS_SECONDS", "10"))
    warmup = 3 * readers_seconds
    http: dict[str, dict] = {}
    floor = {}
    with PageStore(stories) as cache_env:
        log(f"  wrk hello world, the yardstick (load {loadavg()})")
        with Server(url, cached=False, app=HELLO_APP, ready_path="/"):
            hello = load_test(wrk, "/", duration)
        for kind, cached, fragments in DEPTHS:
            with Server(url, cached=cached, fragments=fragments, cache_env=cache_env):
                if kind == "cold":
                    log(f"  wrk floor {FLOOR_PATH} (load {loadavg()})")
                    floor = load_test(wrk, FLOOR_PATH, duration)
                for page, figures in pages.items():
                    if fragments:
                        warm(figures["url"])
                    log(f"  wrk {kind} {page} {figures['url']} (load {loadavg()})")
                    http.setdefault(page, {})[kind] = load_test(wrk, figures["url"], duration)
        readers_runs = editing(wrk, url, cache_env, mix, readers_seconds, warmup)
        memory = worker_growth(wrk, url, cache_env, mix, growth, warmup)
    runs, details = [], []
    for page, figures in pages.items():
        cold, uncached, cached = http[page]["cold"], http[page]["uncached"], http[page]["cached"]
        runs.append(
            {
                "stories": stories,
                "page": page,
                "queries": figures["queries"],
                "cold_queries": figures["cold_queries"],
                "render_ms_median": figures["render_ms_median"],
                "render_ms_p95": figures["render_ms_p95"],
                "cold_render_ms_median": figures["cold_render_ms_median"],
                "cold_rps": cold["rps"],
                "cold_rps_ratio": ratio(cold["rps"], hello["rps"]),
                "rps": uncached["rps"],
                "p50_ms": uncached["p50_ms"],
                "p99_ms": uncached["p99_ms"],
                "cached_rps": cached["rps"],
                "rps_at_reference": at_reference(uncached["rps"], hello["rps"]),
                "cached_rps_at_reference": at_reference(cached["rps"], hello["rps"]),
                "rps_ratio": ratio(uncached["rps"], hello["rps"]),
                "cached_rps_ratio": ratio(cached["rps"], hello["rps"]),
            }
        )
        details.append(
            {
                "stories": stories,
                "page": page,
                "url": figures["url"],
                "status": figures["status"],
                "render_runs": figures["render_runs"],
                "cold": cold,
                "uncached": uncached,
                "cached": cached,
                "seed_seconds": round(seed_seconds, 1),
            }
        )
    return (
        runs,
        details,
        {
            "floor": floor,
            "hello": hello,
            "editing": editing_figures(stories, urls, readers_runs, hello["rps"]) | {"runs": readers_runs},
            "memory": memory,
            "cache": "redis" if cache_env.get("REDIS_URL") else "sqlite file",
            "desk": desk,
        },
    )


def cell(value, width: int) -> str:
    return f"{value:>{width}}" if value is not None else f"{'-':>{width}}"


def table(runs: list[dict], details: list[dict]) -> str:
    header = (
        f"{'stories':>7} {'page':<12} {'status':>6} {'queries':>7} {'render_med':>10} {'render_p95':>10} "
        f"{'cold_rps':>8} {'cold_r':>7} "
        f"{'rps':>8} {'rps@ref':>8} {'ratio':>7} {'p50_ms':>8} {'p99_ms':>8} "
        f"{'cached_rps':>10} {'cached@ref':>10} {'c_ratio':>7} {'errors':>6}"
    )
    lines = [header, "-" * len(header)]
    for run, detail in zip(runs, details, strict=True):
        errors = sum(detail[depth]["errors"] + detail[depth]["timeouts"] for depth in ("cold", "uncached"))
        lines.append(
            f"{run['stories']:>7} {run['page']:<12} {detail['status']:>6} {run['queries']:>7} "
            f"{cell(run['render_ms_median'], 10)} {cell(run['render_ms_p95'], 10)} "
            f"{cell(run['cold_rps'], 8)} {cell(run['cold_rps_ratio'], 7)} {cell(run['rps'], 8)} "
            f"{cell(run['rps_at_reference'], 8)} {cell(run['rps_ratio'], 7)} {cell(run['p50_ms'], 8)} "
            f"{cell(run['p99_ms'], 8)} {cell(run['cached_rps'], 10)} "
            f"{cell(run['cached_rps_at_reference'], 10)} {cell(run['cached_rps_ratio'], 7)} {errors:>6}"
        )
    return "\n".join(lines)


READERS_COLUMNS = [
    ("uncached_rps", 12),
    ("uncached_rps_ratio", 7),
    ("cached_rps", 10),
    ("cached_rps_ratio", 7),
    ("hit_ratio", 9),
    ("cached_editing_rps", 12),
    ("cached_editing_rps_ratio", 7),
    ("editing_hit_ratio", 9),
]
READERS_HEADINGS = ["uncached", "ratio", "cached", "ratio", "hits", "editing", "ratio", "hits"]


def readers_table(editing_runs: list[dict], memory: dict[int, dict]) -> str:
    """Readers over the URL mix (req/s, ratio to hello world, page cache hits) and worker growth."""
    header = (
        f"{'stories':>7} {'urls':>6} "
        + " ".join(
            f"{title:>{width}}" for title, (_, width) in zip(READERS_HEADINGS, READERS_COLUMNS, strict=True)
        )
        + f" {'errors':>6} {'rss+MB':>7}"
    )
    lines = [header, "-" * len(header)]
    for run in editing_runs:
        lines.append(
            f"{run['stories']:>7} {run['urls']:>6} "
            + " ".join(cell(run[name], width) for name, width in READERS_COLUMNS)
            + f" {sum(run['errors'].values()):>6} {cell(memory[run['stories']]['max_mb'], 7)}"
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
    editing_runs = [y["editing"] for y in yardsticks.values()]
    memory = {n: y["memory"] for n, y in yardsticks.items()}
    report = {
        "database": engine,
        "cache": {n: y["cache"] for n, y in yardsticks.items()},
        "runs": runs,
        "details": details,
        "desk": [row for y in yardsticks.values() for row in y["desk"]],
        # Readers spread over the URL mix, at the largest size run; every size in editing_by_stories.
        "editing": {name: value for name, value in editing_runs[-1].items() if name != "runs"},
        "editing_by_stories": editing_runs,
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_at_start": started_load,
            "loadavg_at_end": loadavg(),
            "floor": {
                "path": FLOOR_PATH,
                "rps_by_stories": {n: y["floor"]["rps"] for n, y in yardsticks.items()},
                "ratio_by_stories": {
                    n: ratio(y["floor"]["rps"], y["hello"]["rps"]) for n, y in yardsticks.items()
                },
            },
            "hello_world": {
                "app": HELLO_APP,
                "reference_rps": REFERENCE_HELLO_RPS,
                "rps_by_stories": {n: y["hello"]["rps"] for n, y in yardsticks.items()},
            },
            # The most any worker grew over GROWTH_URLS distinct URLs, recycling off (largest size run).
            "worker_rss_growth_mb": memory[sizes[-1]]["max_mb"],
            "worker_rss_growth_by_stories": memory,
        },
        "wrk": " ".join([*WRK_ARGS, f"-d{duration}s"]) + f", {REPEATS} runs, median",
        "readers_wrk": " ".join([*WRK_ARGS, f"-d{duration}s", "-s", "bench/zipf.lua"])
        + f", one run each, after a {3 * duration} s warm-up",
    }
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(table(runs, details))
    print(f"\nFloor ({FLOOR_PATH} through every middleware, uncached): ", end="")
    print(", ".join(f"{y['floor']['rps']} req/s at {n} stories" for n, y in yardsticks.items()))
    print(f"Bare Django hello world here (the issue's machine: {REFERENCE_HELLO_RPS:,.0f} req/s): ", end="")
    print(", ".join(f"{y['hello']['rps']} req/s at {n} stories" for n, y in yardsticks.items()))
    print(
        "cold: page cache and fragment store off; rps: a page cache miss, fragments stored; cached: a hit."
        " queries and render times: the page miss, in-process."
    )
    print(
        "rps@ref, cached@ref: req/s times (the issue's hello world / this one), to read against the targets;"
        " cold_r, ratio, c_ratio: req/s / this run's hello world."
    )
    print(
        "\nReaders spread Zipf-wise over the URL mix (req/s, ratio to hello world, share of page cache hits),"
    )
    print("page cache off (fragments stored), cached, and cached while an editor saves a story a second;")
    print("rss+MB: the most a worker")
    print(f"grew over {GROWTH_URLS:,} distinct URLs with recycling off.")
    print(readers_table(editing_runs, memory))
    print("\nThe desk, in-process as an editor (bench/desk.py):")
    print(desk_table(report["desk"]))
    print(f"\nDatabase: {engine}; load average at start {started_load}, at end {loadavg()}; written to {out}")


if __name__ == "__main__":
    main()
