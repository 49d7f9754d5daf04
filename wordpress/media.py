"""An attachment's file, from a local copy of wp-content/uploads or from the old site itself.

Fetching is bounded (one deadline per file and one per import, the upload limit, public
addresses only: an export names any URL it likes, and the server must not be talked into
reading its own network). A name is looked up once and the address checked is the one
connected to, so a second answer (DNS rebinding) is never used; redirects are checked the same
way. A file we cannot get is `MissingMedia` with a reason for the report, never an error that
stops the import.
"""

import http.client
import ipaddress
import math
import socket
import ssl
import threading
import time
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5
USER_AGENT = "newsroom-wordpress-import"
# Ranges whose last 32 bits are an IPv4 address that the traffic reaches: NAT64's well-known
# prefix (RFC 6052), IPv4-compatible and IPv4-translated (RFC 2765) addresses. Python counts
# them as global whatever they carry. (IPv4-mapped, 6to4 and Teredo it reads itself.)
CARRIES_IPV4 = [ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96")]


class MissingMedia(Exception):
    pass


def upload_paths(url: str, attached_file: str = "") -> list[str]:
    """Where the file may sit under wp-content/uploads: "2025/01/still.jpg" and the like."""
    candidates = []
    path = unquote(urlsplit(url).path)
    for marker in ("/wp-content/uploads/", "/files/"):
        for text in (path, attached_file):
            if marker in text:
                candidates.append(text.split(marker, 1)[1])
    if attached_file and not attached_file.startswith("/"):
        candidates.append(attached_file)
    if name := PurePosixPath(path).name:
        candidates.append(name)
    return list(dict.fromkeys(c for c in candidates if c and ".." not in PurePosixPath(c).parts))


def read_local(media_dir: Path, url: str, attached_file: str = "") -> tuple[str, bytes] | None:
    root = media_dir.resolve()
    for relative in upload_paths(url, attached_file):
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            if candidate.stat().st_size > settings.MAX_IMAGE_UPLOAD_BYTES:
                raise MissingMedia(f"{relative} is larger than the upload limit")
            return candidate.name, candidate.read_bytes()
    return None


def carried_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to, when it is a translation of them."""
    if address.version == 4:
        return []
    if address.ipv4_mapped or address.sixtofour:
        return [address.ipv4_mapped or address.sixtofour]
    if address.teredo:
        return list(address.teredo)  # the relay and the client behind it
    if any(address in network for network in CARRIES_IPV4):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


def public_address(text: str) -> bool:
    """Global, and so is every IPv4 address it carries: 64:ff9b::7f00:1 is 127.0.0.1 through a
    NAT64 gateway."""
    address = ipaddress.ip_address(text.split("%")[0])
    return address.is_global and all(carried.is_global for carried in carried_ipv4(address))


def public_addresses(host: str, port: int) -> list[tuple]:
    """getaddrinfo()'s answers for `host`, once, when every one of them is public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise MissingMedia("its host name does not resolve") from None
    if not found or not all(public_address(info[4][0]) for info in found):
        raise MissingMedia("its host is not a public address")
    return found


class CheckedConnection(http.client.HTTPConnection):
    """HTTP to `host` (its Host header, and its name for TLS) at an address already checked,
    never at what a second lookup of the name would answer."""

    def __init__(self, host: str, port: int, addresses: list[tuple], *, secure: bool, deadline: float):
        super().__init__(host, port, timeout=max(deadline - time.monotonic(), 0.001))
        self.addresses, self.secure, self.deadline = addresses, secure, deadline
        self.watchdog: threading.Timer | None = None

    def connect(self):
        error = OSError("no address to connect to")
        for family, kind, proto, _, address in self.addresses:
            sock = socket.socket(family, kind, proto)
            sock.settimeout(self.timeout)
            try:
                sock.connect(address)
            except OSError as refused:
                sock.close()
                error = refused
                continue
            self.guard(sock)
            if self.secure:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
            self.sock = sock
            return
        raise error

    def guard(self, sock: socket.socket) -> None:
        """Hang up at the deadline, whatever the server is in the middle of: a socket timeout
        counts per read, and a byte a second would hold the import for days."""
        remaining = self.deadline - time.monotonic()
        copy = sock.dup()  # shutting down a copy ends the connection, even under TLS
        self.watchdog = threading.Timer(max(remaining, 0), hang_up, args=[copy])
        self.watchdog.daemon = True
        self.watchdog.start()

    def disarm(self) -> None:
        """The exchange is over (close() is not it: a response may outlive its connection)."""
        if self.watchdog:
            self.watchdog.cancel()
            self.watchdog.args[0].close()


def hang_up(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed already
        pass


def fetch(url: str, *, deadline: float = math.inf) -> tuple[str, bytes]:
    """The file at `url`, within WORDPRESS_FETCH_TIMEOUT and by the import's `deadline`
    (a time.monotonic())."""
    started = time.monotonic()
    if started >= deadline:
        total = settings.WORDPRESS_FETCH_TOTAL_TIMEOUT
        raise MissingMedia(f"the import's {total} s for fetching pictures are spent")
    deadline = min(deadline, started + settings.WORDPRESS_FETCH_TIMEOUT)
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise MissingMedia("not an http(s) address")
        try:
            location, data = get(parts, deadline)
        except MissingMedia:
            raise
        except (OSError, ValueError, http.client.HTTPException) as error:
            if time.monotonic() >= deadline:
                raise MissingMedia(f"it took longer than {deadline - started:.0f} s") from None
            raise MissingMedia(f"could not fetch it ({error})") from None
        if location is None:
            return PurePosixPath(unquote(parts.path)).name or "image", data
        url = urljoin(url, location)
    raise MissingMedia("it redirects too many times")


def get(parts, deadline: float) -> tuple[str | None, bytes]:
    """One GET: (where it redirects, None) or (None, the body)."""
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    addresses = public_addresses(parts.hostname, port)
    connection = CheckedConnection(parts.hostname, port, addresses, secure=secure, deadline=deadline)
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
            return response.getheader("Location"), b""
        if response.status != 200:
            raise MissingMedia(f"the old site answered {response.status} {response.reason}")
        limit = settings.MAX_IMAGE_UPLOAD_BYTES
        data = response.read(limit + 1)
        if time.monotonic() >= deadline:  # cut off by the watchdog
            raise TimeoutError
        if len(data) > limit:
            raise MissingMedia("it is larger than the upload limit")
        if len(data) < int(response.getheader("Content-Length") or 0):
            raise MissingMedia("the old site sent only part of it")
        return None, data
    finally:
        connection.close()
        connection.disarm()


def get_file(
    url: str, attached_file: str, *, media_dir: Path | None, fetch_remote: bool, deadline: float = math.inf
) -> tuple[str, bytes]:
    if media_dir is not None and (found := read_local(media_dir, url, attached_file)):
        return found
    if fetch_remote and url:
        return fetch(url, deadline=deadline)
    raise MissingMedia(
        "not in the media folder" if media_dir else "no media folder given and fetching is off"
    )
