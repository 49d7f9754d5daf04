"""Where an attachment's file comes from, and what the importer refuses to read."""

import re
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.wordpress.conftest import export, post
from wordpress.media import MissingMedia, fetch, get_file, public_address, upload_paths


def test_upload_paths_from_the_address_and_the_attached_file():
    url = "https://old.example.com/wp-content/uploads/2025/01/still.jpg"
    assert upload_paths(url, "/home/site/files/2025/01/still.jpg") == ["2025/01/still.jpg", "still.jpg"]


def test_a_path_climbing_out_of_the_media_folder_is_never_read(tmp_path):
    (tmp_path / "secret.jpg").write_bytes(b"x")
    media = tmp_path / "uploads"
    media.mkdir()
    with pytest.raises(MissingMedia, match="not in the media folder"):
        get_file("https://old.example.com/x", "../secret.jpg", media_dir=media, fetch_remote=False)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/wp-content/uploads/a.jpg", "http://localhost/a.jpg", "http://10.0.0.8/a.jpg"],
)
def test_addresses_on_the_server_s_own_network_are_not_fetched(url):
    """An export names any URL it likes; the server must not be talked into reading its own network."""
    with pytest.raises(MissingMedia, match="not a public address"):
        fetch(url)


def test_only_http_addresses_are_fetched():
    with pytest.raises(MissingMedia, match="not an http"):
        fetch("file:///etc/passwd")


class Trickle(BaseHTTPRequestHandler):
    """A picture sent a byte at a time, as a hostile or dying server would: a read never waits
    long, but the whole file takes ten seconds."""

    def do_GET(self):
        self.server.requests.append(self.headers.get("Host"))
        self.send_response(200)
        self.send_header("Content-Length", "200")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:  # the client gave up
            pass

    def log_message(self, *args):
        pass


class Picture(Trickle):
    def do_GET(self):
        self.server.requests.append(self.headers.get("Host"))
        if self.path.startswith("/moved"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/moved"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "7")
        self.end_headers()
        self.wfile.write(b"picture")


@contextmanager
def serving(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads, server.block_on_close = True, False
    server.requests = []
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def resolver(monkeypatch, *answers: str):
    """socket.getaddrinfo answering each lookup of a name with the next address (the last one
    for ever after); numeric hosts resolve as usual."""
    real, queue = socket.getaddrinfo, list(answers)

    def lookup(host, port, *args, **kwargs):
        if host.replace(".", "").isdigit() or ":" in host:
            return real(host, port, *args, **kwargs)
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        return real(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


def test_a_name_that_answers_otherwise_the_second_time_is_not_followed(monkeypatch, settings):
    """DNS rebinding: the address checked is the one connected to, so the second answer (this
    machine) is never asked anything."""
    settings.WORDPRESS_FETCH_TIMEOUT = 2
    with serving(Picture) as server:
        resolver(monkeypatch, "93.184.215.14", "127.0.0.1")
        with pytest.raises(MissingMedia):
            fetch(f"http://rebinding.example:{server.server_port}/a.jpg")
        assert server.requests == []


def test_the_address_checked_is_asked_under_the_site_s_own_name(monkeypatch, loopback_is_public):
    with serving(Picture) as server:
        resolver(monkeypatch, "127.0.0.1")
        url = f"http://pictures.example:{server.server_port}/moved/a.jpg"
        assert fetch(url) == ("a.jpg", b"picture")
        assert server.requests == [f"pictures.example:{server.server_port}"] * 2


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 (RFC 6052) to 127.0.0.1
        "64:ff9b::a00:8",  # NAT64 to 10.0.0.8
        "64:ff9b:1::a00:8",  # local-use NAT64 (RFC 8215)
        "::7f00:1",  # IPv4-compatible 127.0.0.1
        "::ffff:0:a00:8",  # IPv4-translated (RFC 2765) 10.0.0.8
        "::ffff:a00:8",  # IPv4-mapped 10.0.0.8
        "2002:a00:8::1",  # 6to4 of 10.0.0.8
        "2001:0:4136:e378:8000:63bf:f5ff:fff7",  # Teredo, client 10.0.0.8
    ],
)
def test_translation_ranges_count_as_the_ipv4_they_carry(address):
    with pytest.raises(MissingMedia, match="not a public address"):
        fetch(f"http://[{address}]/a.jpg")


def test_nat64_of_a_public_ipv4_is_public():
    assert public_address("64:ff9b::808:808") and public_address("2606:4700:4700::1111")


def test_a_picture_sent_a_byte_at_a_time_stops_at_the_file_s_deadline(settings, loopback_is_public):
    settings.WORDPRESS_FETCH_TIMEOUT = 1
    with serving(Trickle) as server:
        started = time.monotonic()
        with pytest.raises(MissingMedia, match="took longer than 1 s"):
            fetch(f"http://127.0.0.1:{server.server_port}/slow.jpg")
        assert time.monotonic() - started < 5


def importing(path, *args) -> str:
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out)
    return out.getvalue()


def with_picture(post_id: int, attachment_id: int, url: str) -> list[str]:
    """A post whose lead picture is the attachment at `url`."""
    thumb = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        f"<wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>"
    )
    attachment = post(attachment_id, "Still", post_type="attachment", status="inherit").replace(
        "</item>", f"<wp:attachment_url>{url}</wp:attachment_url></item>"
    )
    return [post(post_id, f"Story {post_id}", extra=thumb), attachment]


@pytest.mark.django_db
def test_the_import_s_deadline_for_fetching_stops_the_pictures_not_the_posts(
    settings, write_export, loopback_is_public
):
    settings.WORDPRESS_FETCH_TIMEOUT, settings.WORDPRESS_FETCH_TOTAL_TIMEOUT = 10, 1
    with serving(Trickle) as server:
        base = f"http://127.0.0.1:{server.server_port}"
        items = with_picture(1, 11, f"{base}/one.jpg") + with_picture(2, 12, f"{base}/two.jpg")
        output = importing(write_export(export(*items)))
        assert len(server.requests) == 1
    assert Article.objects.count() == 2
    assert re.search(r"^Missing media\s+2$", output, re.M)
    assert "one.jpg: it took longer than 1 s" in output
    assert "two.jpg: the import's 1 s for fetching pictures are spent" in output


@pytest.mark.django_db
def test_an_address_http_client_refuses_is_one_missing_picture(write_export, loopback_is_public):
    """http.client's InvalidURL is neither OSError nor ValueError: it stopped the whole batch."""
    items = with_picture(1, 11, "http://127.0.0.1:1\\@127.0.0.2/x.jpg") + [post(2, "After it")]
    output = importing(write_export(export(*items)))

    assert sorted(Article.objects.values_list("headline", flat=True)) == ["After it", "Story 1"]
    assert re.search(r"^Missing media\s+1$", output, re.M)


@pytest.mark.django_db
def test_any_failure_of_one_picture_is_reported_for_that_picture(write_export, monkeypatch):
    from wordpress import pictures

    def broken(url, *args, **kwargs):
        raise RuntimeError("a decoder bug")

    monkeypatch.setattr(pictures, "get_file", broken)
    output = importing(write_export(export(*with_picture(1, 11, "https://old.example.com/a.jpg"))))

    assert Article.objects.get().lead_image is None
    assert "a.jpg: could not read it (RuntimeError('a decoder bug'))" in output
