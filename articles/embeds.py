"""Audio and video embeds from an allow-list of providers.

Editors paste the page URL they see in the browser. It is parsed (urllib.parse), refused
if it carries anything a browser and a parser might read differently (a user name, a
backslash, a port, spaces, characters outside ASCII such as look-alike letters), and its
host must be one of the provider's own. Readers then get only addresses rebuilt from the
parsed parts: the player we frame and a link to the provider's page, never the pasted text.
"""

import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, quote, urlsplit

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Player:
    provider: str
    src: str  # the player framed after the reader's click
    page: str  # the provider's page: the link readers follow
    kind: str  # "video" or "audio"


YOUTUBE_HOSTS = {"www.youtube.com", "youtube.com", "m.youtube.com"}
YOUTUBE_ID = r"[A-Za-z0-9_-]{6,20}"
NAME = r"[A-Za-z0-9_-]+"


def _youtube(url: SplitResult) -> Player | None:
    video_id = ""
    if url.hostname == "youtu.be":
        video_id = url.path[1:].rstrip("/")
    elif url.hostname in YOUTUBE_HOSTS:
        if url.path == "/watch":
            video_id = parse_qs(url.query).get("v", [""])[0]
        elif match := re.fullmatch(rf"/(?:embed|shorts|live)/({YOUTUBE_ID})/?", url.path):
            video_id = match[1]
    if re.fullmatch(YOUTUBE_ID, video_id):
        return Player(
            "YouTube",
            f"https://www.youtube-nocookie.com/embed/{video_id}",
            f"https://www.youtube.com/watch?v={video_id}",
            "video",
        )
    return None


def _vimeo(url: SplitResult) -> Player | None:
    if url.hostname in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        match = re.search(r"/(\d{5,12})(?:/|$)", url.path)
        if match:
            return Player(
                "Vimeo",
                f"https://player.vimeo.com/video/{match[1]}",
                f"https://vimeo.com/{match[1]}",
                "video",
            )
    return None


def _soundcloud(url: SplitResult) -> Player | None:
    match = re.fullmatch(rf"(/{NAME}/{NAME}(?:/{NAME})?)/?", url.path)
    if url.hostname in {"soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"} and match:
        page = f"https://soundcloud.com{match[1]}"
        return Player(
            "SoundCloud", f"https://w.soundcloud.com/player/?url={quote(page, safe='')}", page, "audio"
        )
    return None


def _bandcamp(url: SplitResult) -> Player | None:
    match = re.fullmatch(r"/EmbeddedPlayer/((?:[a-z]+=[0-9a-z]+/)*[a-z]+=[0-9a-z]+)/?", url.path)
    if url.hostname == "bandcamp.com" and match:
        # Bandcamp's embed address is all we are given: the player is also the page.
        player = f"https://bandcamp.com/EmbeddedPlayer/{match[1]}/"
        return Player("Bandcamp", player, player, "audio")
    return None


def _spotify(url: SplitResult) -> Player | None:
    match = re.fullmatch(r"/(?:embed/)?(track|album|episode|playlist)/([A-Za-z0-9]{10,40})/?", url.path)
    if url.hostname == "open.spotify.com" and match:
        return Player(
            "Spotify",
            f"https://open.spotify.com/embed/{match[1]}/{match[2]}",
            f"https://open.spotify.com/{match[1]}/{match[2]}",
            "audio",
        )
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
PASTE_AGAIN = "Copy the address again from the browser's address bar."


def parsed_address(url: str) -> SplitResult:
    """The address split into its parts, or a ValidationError saying what is wrong with it."""
    if not all(char.isascii() and char.isprintable() and not char.isspace() for char in url):
        raise ValidationError(
            f"This address holds spaces, control characters or letters outside ASCII. {PASTE_AGAIN}"
        )
    if "\\" in url:
        raise ValidationError(f"This address holds a backslash. {PASTE_AGAIN}")
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValidationError("Embeds must be an https:// address.")
    if "@" in parts.netloc:
        raise ValidationError(f"This address has a user name (something@) before its host. {PASTE_AGAIN}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port not in (None, 443):
        raise ValidationError(f"This address names a port (:{parts.netloc.partition(':')[2]}). {PASTE_AGAIN}")
    return parts


def player_for(url: str) -> Player | None:
    try:
        parts = parsed_address(url)
    except ValidationError:
        return None
    for provider in PROVIDERS:
        if player := provider(parts):
            return player
    return None


def validate_embed_url(url: str) -> None:
    parsed_address(url)
    if player_for(url) is None:
        raise ValidationError(
            f"Embeds must be an https link to {PROVIDER_NAMES}; this address is not one of them."
        )
