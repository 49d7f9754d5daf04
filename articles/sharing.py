"""Signed, expiring preview links: an unpublished story shown to someone without an account.

A link names the story and its `share_links_version`: raising that number (an editor's
"Revoke", or a withdrawal) makes every link handed out before it fail.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from articles.models import Article

SHARE_LINK_MAX_AGE = timedelta(hours=48)
_signer = signing.TimestampSigner(salt="articles.share-preview")


def share_token(article: Article) -> str:
    return _signer.sign(f"{article.pk}.{article.share_links_version}")


def share_path(article: Article) -> str:
    return reverse("public:share-preview", kwargs={"token": share_token(article)})


def link_shows(article: Article) -> bool:
    """A link shows the story only while it is unpublished: a draft, in review or scheduled.
    Public, it has its own address; withdrawn, it is off the site for link holders too."""
    return not article.is_published and article.status != Article.Status.WITHDRAWN


def story_from_token(token: str) -> tuple[int, int]:
    """The story a token names and the links' version it was made at; signing.BadSignature
    (or SignatureExpired) when it names none."""
    value = _signer.unsign(token, max_age=SHARE_LINK_MAX_AGE)
    pk, _, version = value.partition(".")
    if not (pk.isdecimal() and version.isdecimal()):
        raise signing.BadSignature("Not a story")
    return int(pk), int(version)
