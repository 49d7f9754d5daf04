"""A real Varnish for the tests that need one: deploy/varnish/default.vcl in front of the
backends a test names, on a free loopback port, in a work directory of its own."""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

import pytest

from tests.live.servers import ROOT, free_port, stop

VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def varnishd() -> str:
    """The varnishd binary; skips the test without one, except in CI, where that is a failure."""
    found = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("varnishd is missing: CI must run the Varnish tests (.ci/run installs varnish)")
    pytest.skip("needs varnishd and its xkey module (Debian: apt-get install varnish varnish-modules)")


def backends_vcl(ports: list[int]) -> str:
    """backends.vcl for default.vcl: these app servers in the round-robin director `app`."""
    backends = "".join(
        f'backend app{n} {{ .host = "127.0.0.1"; .port = "{port}"; .probe = healthz; }}\n'
        for n, port in enumerate(ports)
    )
    members = "".join(f"    app.add_backend(app{n});\n" for n in range(len(ports)))
    return (
        'probe healthz { .url = "/healthz"; .interval = 1s; .window = 3; .threshold = 2; .initial = 2; }\n'
        f"{backends}"
        f"sub vcl_init {{\n    new app = directors.round_robin();\n{members}}}\n"
    )


@dataclass
class Varnish:
    port: int
    # A second listener that takes the PROXY protocol, so a test can speak from any address.
    proxy_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def request_from(self, address: str, method: str, path: str, headers: dict[str, str]) -> int:
        """The status Varnish answers a request that claims to come from `address` (IPv4)."""
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        proxy_line = f"PROXY TCP4 {address} 127.0.0.1 40000 {self.proxy_port}\r\n"
        with socket.create_connection(("127.0.0.1", self.proxy_port), timeout=10) as sock:
            sock.sendall((proxy_line + "\r\n".join(lines) + "\r\n\r\n").encode())
            status_line = sock.makefile("rb").readline().decode()
        return int(status_line.split()[1])


@contextmanager
def varnish(backend_ports: list[int], work_dir: Path, *, port: int | None = None) -> Iterator[Varnish]:
    """varnishd in the foreground on `port` (or a free one) until the block ends."""
    binary = varnishd()
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / "backends.vcl").write_text(backends_vcl(backend_ports))
    instance = Varnish(port or free_port(), free_port())
    log = work_dir / "varnishd.log"
    process = subprocess.Popen(
        [
            binary,
            "-F",
            "-n", str(work_dir / "state"),
            "-a", f"127.0.0.1:{instance.port}",
            "-a", f"127.0.0.1:{instance.proxy_port},PROXY",
            "-f", str(VCL),
            # This test's backends.vcl, never the example beside default.vcl.
            "-p", f"vcl_path={work_dir}",
            "-s", "malloc,64m",
            # No privilege separation: the work directory is the test's, and root is not needed.
            "-j", "none",
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(process, instance.port, log)
        yield instance
    finally:
        stop(process)


def wait_until_up(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"varnishd exited at start:\n{log.read_text(errors='replace')}")
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"varnishd on port {port} did not answer:\n{log.read_text(errors='replace')}")
