"""An attachment's file, from a local copy of wp-content/uploads or from the old site itself.

Fetching is bounded (time, size, public addresses only: an export names any URL it likes,
and the server must not be talked into reading its own network). A file we cannot get is
`MissingMedia` with a reason for the report, never an error that stops the import.
"""

import ipaddress
import socket
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings


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


def _public_host(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses)


class PublicRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to another public address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _public_host(urlsplit(newurl).hostname or ""):
            raise MissingMedia("it redirects to an address that is not public")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(PublicRedirects)


def fetch(url: str) -> tuple[str, bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MissingMedia("not an http(s) address")
    if not _public_host(parts.hostname):
        raise MissingMedia("its host is not a public address")
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    request = urllib.request.Request(url, headers={"User-Agent": "newsroom-wordpress-import"})
    try:
        with OPENER.open(request, timeout=settings.WORDPRESS_FETCH_TIMEOUT) as response:
            data = response.read(limit + 1)
    except (OSError, ValueError) as error:
        raise MissingMedia(f"could not fetch it ({error})") from None
    if len(data) > limit:
        raise MissingMedia("it is larger than the upload limit")
    return PurePosixPath(unquote(parts.path)).name or "image", data


def get_file(
    url: str, attached_file: str, *, media_dir: Path | None, fetch_remote: bool
) -> tuple[str, bytes]:
    if media_dir is not None and (found := read_local(media_dir, url, attached_file)):
        return found
    if fetch_remote and url:
        return fetch(url)
    raise MissingMedia(
        "not in the media folder" if media_dir else "no media folder given and fetching is off"
    )
