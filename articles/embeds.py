"""Audio and video embeds from an allow-list of providers.

Editors paste the page URL they see in the browser; we derive the player URL ourselves,
so nothing but a known provider's player can ever be framed on the site.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Player:
    provider: str
    src: str
    kind: str  # "video" or "audio"


def _youtube(url) -> Player | None:
    host = url.hostname or ""
    video_id = ""
    if host in {"youtu.be"}:
        video_id = url.path.lstrip("/")
    elif host in {"www.youtube.com", "youtube.com", "m.youtube.com"}:
        if url.path == "/watch":
            video_id = parse_qs(url.query).get("v", [""])[0]
        elif url.path.startswith(("/embed/", "/shorts/")):
            video_id = url.path.split("/")[2]
    if re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id or ""):
        return Player("YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}", "video")
    return None


def _vimeo(url) -> Player | None:
    if (url.hostname or "") in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        match = re.search(r"/(\d{5,12})(?:/|$)", url.path)
        if match:
            return Player("Vimeo", f"https://player.vimeo.com/video/{match[1]}", "video")
    return None


def _soundcloud(url) -> Player | None:
    if (url.hostname or "") in {"soundcloud.com", "www.soundcloud.com"} and re.fullmatch(
        r"/[\w-]+/[\w-]+(?:/[\w-]+)?/?", url.path
    ):
        track = quote(f"https://soundcloud.com{url.path.rstrip('/')}", safe="")
        return Player("SoundCloud", f"https://w.soundcloud.com/player/?url={track}", "audio")
    return None


def _bandcamp(url) -> Player | None:
    match = re.fullmatch(r"/EmbeddedPlayer/((?:[a-z]+=[0-9a-z]+/)*[a-z]+=[0-9a-z]+)/?", url.path)
    if (url.hostname or "") == "bandcamp.com" and match:
        return Player("Bandcamp", f"https://bandcamp.com/EmbeddedPlayer/{match[1]}/", "audio")
    return None


def _spotify(url) -> Player | None:
    match = re.fullmatch(r"/(?:embed/)?(track|album|episode|playlist)/([A-Za-z0-9]{10,40})/?", url.path)
    if (url.hostname or "") == "open.spotify.com" and match:
        return Player("Spotify", f"https://open.spotify.com/embed/{match[1]}/{match[2]}", "audio")
    return None


PROVIDERS = (_youtube, _vimeo, _soundcloud, _bandcamp, _spotify)
# The only origins a page may frame (the Content-Security-Policy's frame-src).
PLAYER_ORIGINS = (
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://w.soundcloud.com",
    "https://bandcamp.com",
    "https://open.spotify.com",
)
PROVIDER_NAMES = "YouTube, Vimeo, SoundCloud, Bandcamp (embed URL) or Spotify"


def player_for(url: str) -> Player | None:
    parts = urlsplit(url.strip())
    if parts.scheme != "https":
        return None
    for provider in PROVIDERS:
        if player := provider(parts):
            return player
    return None


def validate_embed_url(url: str) -> None:
    if player_for(url) is None:
        raise ValidationError(
            f"Embeds must be an https link to {PROVIDER_NAMES}; this address is not one of them."
        )
