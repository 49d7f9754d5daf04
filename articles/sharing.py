"""Signed, expiring preview links: a draft shown to someone without an account."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from articles.models import Article

SHARE_LINK_MAX_AGE = timedelta(hours=48)
_signer = signing.TimestampSigner(salt="articles.share-preview")


def share_token(article: Article) -> str:
    return _signer.sign(str(article.pk))


def share_path(article: Article) -> str:
    return reverse("public:share-preview", kwargs={"token": share_token(article)})


def article_id_from_token(token: str) -> int:
    """The story a token names; signing.BadSignature (or SignatureExpired) when it does not."""
    value = _signer.unsign(token, max_age=SHARE_LINK_MAX_AGE)
    try:
        return int(value)
    except ValueError:
        raise signing.BadSignature("Not a story") from None
