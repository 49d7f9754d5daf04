import json

from bs4 import BeautifulSoup


def soup_of(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup: BeautifulSoup) -> dict[str, dict]:
    """The page's JSON-LD objects by @type."""
    blocks = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
    return {block["@type"]: block for block in blocks}


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def big_image(width: int = 1600, height: int = 900, **kwargs):
    """A library image large enough for every rendition width."""
    from django.core.files.base import ContentFile

    from tests.factories import ImageFactory, jpeg_bytes

    return ImageFactory(file=ContentFile(jpeg_bytes((width, height)), name="big.jpg"), **kwargs)
