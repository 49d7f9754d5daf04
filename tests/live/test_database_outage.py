"""With the database gone the site answers 503 with a clear page, and heals by itself.

A real outage, not a mock: gunicorn reaches PostgreSQL through a TCP relay on loopback that
the test cuts (dropping every open connection) and later restores. SQLite is a file inside
the app server, so it cannot go away on its own; the in-process test in
tests/newsroom/test_security.py covers the 503 page on both databases.
"""

import os
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

from tests.live.servers import Browser, gunicorn, is_postgres, own_database, prepare_site, site_environment

pytestmark = [
    pytest.mark.outage,
    pytest.mark.skipif(
        not is_postgres(os.environ.get("DATABASE_URL", "")), reason="needs PostgreSQL in DATABASE_URL"
    ),
]


class Relay:
    """Forwards a loopback port to PostgreSQL until cut; can be restored on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.listener.close()
        self.connections: list[socket.socket] = []
        self.open()

    def open(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.running = True
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.close()
                except OSError:
                    pass

    def cut(self) -> None:
        self.running = False
        # shutdown() wakes the thread blocked in accept(); close() alone would not on Linux.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        for connection in self.connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass
        self.connections = []


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.django_db(transaction=True)
def test_database_outage_answers_503_then_recovers(tmp_path):
    with own_database("newsroom_outage", tmp_path) as database_url:
        env = site_environment(database_url, PAGE_CACHE_SECONDS="0")
        prepare_site(env, stories=5)
        parts = urlsplit(database_url)
        relay = Relay((parts.hostname or "127.0.0.1", parts.port or 5432))
        relayed = parts._replace(netloc=f"{parts.username or 'postgres'}@127.0.0.1:{relay.port}").geturl()
        with gunicorn({**env, "DATABASE_URL": relayed}, tmp_path, workers=1) as port:
            reader = Browser(port)
            assert reader.get("/")[0] == 200
            assert reader.get("/healthz")[0] == 200

            relay.cut()
            for path in ["/healthz", "/", "/search/?q=film"]:
                status, headers, body = reader.get(path)
                assert status == 503, (path, status)
                assert "cannot reach its database" in body
                assert "Traceback" not in body
                assert headers.get("Retry-After") == "30"

            relay.open()
            assert wait_for(lambda: reader.get("/healthz")[0] == 200, 30), "the site did not recover"
            assert reader.get("/")[0] == 200
        relay.cut()
