"""What a page tells search engines and link previews: title, description, canonical URL,
Open Graph and Twitter card tags, and schema.org JSON-LD, all built here as plain data.

Templates only loop over the result (base.html), so every page's metadata can be tested
without parsing HTML, and escaping happens in one place (`core.jinja2tags.json_ld`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.template import engines
from django.templatetags.static import static
from markupsafe import Markup

from articles.ratings import site_scale
from core.addresses import absolute_url
from core.text import summary
from images.models import Image
from images.renditions import PictureSource, share_rendition

SCHEMA = "https://schema.org"
DEFAULT_DESCRIPTION = "Film news, interviews, reviews and festival coverage."


def share_image(image: Image | None, kind: str = "lead") -> dict | None:
    """The rendition link previews ask for; None without a picture that can be shown."""
    best = share_rendition(PictureSource.of(image), kind)
    if best is None:
        return None
    return {"url": absolute_url(best.url), "width": best.width, "height": best.height, "alt": image.alt_text}


class PageHead(NamedTuple):
    """A page's head as base.html writes it (title, description, and the tags of `seo_tags`):
    what a page kept as a fragment (public/story_page.py) gives the template for `seo`."""

    title: str
    description: str
    tags: Markup

    @classmethod
    def of(cls, values: list) -> "PageHead":
        """From `list(head)`, as a fragment stores it."""
        title, description, tags = values
        return cls(title, description, Markup(tags))


@dataclass
class PageMeta:
    title: str
    description: str
    path: str
    og_type: str = "website"
    image: dict | None = None
    json_ld: list[dict] = field(default_factory=list)
    noindex: bool = False
    extra_og: list[tuple[str, str]] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        return absolute_url(self.path)

    @property
    def tags(self) -> Markup:
        """The canonical link, robots rule, <meta> tags and JSON-LD blocks, as base.html writes them."""
        return engines["jinja2"].env.get_template("includes/seo_tags.html").module.seo_tags(self)

    def head(self) -> PageHead:
        return PageHead(self.title, self.description, self.tags)

    @property
    def meta_tags(self) -> list[tuple[str, str, str]]:
        """(attribute, name, content) triples for <meta> elements, Open Graph then Twitter."""
        tags = [
            ("property", "og:site_name", settings.SITE_NAME),
            ("property", "og:type", self.og_type),
            ("property", "og:title", self.title),
            ("property", "og:description", self.description),
            ("property", "og:url", self.canonical),
            ("property", "og:locale", "en_US"),
            ("name", "twitter:card", "summary_large_image" if self.image else "summary"),
            ("name", "twitter:title", self.title),
            ("name", "twitter:description", self.description),
        ]
        if settings.TWITTER_SITE:
            tags.append(("name", "twitter:site", settings.TWITTER_SITE))
        if self.image:
            tags[5:5] = [
                ("property", "og:image", self.image["url"]),
                ("property", "og:image:width", str(self.image["width"])),
                ("property", "og:image:height", str(self.image["height"])),
                ("property", "og:image:alt", self.image["alt"]),
            ]
            tags += [
                ("name", "twitter:image", self.image["url"]),
                ("name", "twitter:image:alt", self.image["alt"]),
            ]
        tags += [("property", name, value) for name, value in self.extra_og]
        return tags


def paged(title: str, path: str, page_number: int) -> tuple[str, str]:
    """Later pages of a list are their own pages: their own title and canonical address."""
    if page_number > 1:
        return f"{title} – page {page_number}", f"{path}?page={page_number}"
    return title, path


def page_title(*parts: str) -> str:
    return " – ".join([*parts, settings.SITE_NAME])


def publisher() -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static("newsroom/logo.png")),
            "width": 600,
            "height": 60,
        },
    }


def breadcrumbs(trail: Iterable[tuple[str, str]]) -> dict:
    """BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": absolute_url(path)}
            for number, (name, path) in enumerate(trail, start=1)
        ],
    }


def website() -> dict:
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute_url("/search/?q={search_term_string}")},
            "query-input": "required name=search_term_string",
        },
    }


def ref(kind: str, name: str, path: str) -> dict:
    """A schema.org thing named and linked: a Person, a Movie."""
    return {"@type": kind, "name": name, "url": absolute_url(path)}


def person_ref(person) -> dict:
    return ref("Person", person.name, person.get_absolute_url())


def news_article(article, image: dict | None) -> dict:
    """A story's NewsArticle, from a story loaded with `with_story_parts()`."""
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.description,
        "url": absolute_url(article.get_absolute_url()),
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute_url(article.get_absolute_url())},
        "datePublished": (article.first_published_at or article.published_at).isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "author": [person_ref(author) for author in article.byline_authors],
        "publisher": publisher(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tag_list],
        "about": [
            ref("Movie", link.film.title, link.film.get_absolute_url()) for link in article.film_links.all()
        ]
        + [person_ref(link.person) for link in article.person_links.all()],
    }
    if image:
        data["image"] = [image["url"]]
    return data


def rating(review) -> dict | None:
    """schema.org's Rating of a review on the site's scale; None if the grade is not on it (the
    scale was changed after the review was written)."""
    scale = site_scale()
    value = scale.value(review.rating)
    if value is None:
        return None
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": scale.best(),
        "worstRating": scale.worst(),
        "alternateName": review.rating,
    }


def review(article, image: dict | None) -> dict:
    """A review story as schema.org's Review (Google's review snippet): the story's article data,
    the Movie it reviews and its rating; a NewsArticle when its grade is off the scale."""
    data = news_article(article, image)
    review_rating = rating(article.review)
    if review_rating is None:
        return data
    film = article.review.film
    del data["articleSection"]  # an Article's property, not a Review's
    data.update(
        {
            "@type": "Review",
            "name": article.headline,
            "itemReviewed": {**ref("Movie", film.title, film.get_absolute_url()), "sameAs": film.same_as},
            "reviewRating": review_rating,
        }
    )
    if film.release_year:
        data["itemReviewed"]["dateCreated"] = str(film.release_year)
    return data


def review_ref(article) -> dict:
    """A film's review as its Movie names it."""
    data = {
        "@type": "Review",
        "name": article.headline,
        "url": absolute_url(article.get_absolute_url()),
        "author": [person_ref(author) for author in article.byline_authors],
        "datePublished": article.published_at.isoformat(),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if review_rating := rating(article.review):
        data["reviewRating"] = review_rating
    return data


def movie(film, directors: list, cast: list, image: dict | None, review=None) -> dict:
    data = {
        "@context": SCHEMA,
        "@type": "Movie",
        "name": film.title,
        "url": absolute_url(film.get_absolute_url()),
        "director": [person_ref(person) for person in directors],
        "actor": [person_ref(credit.person) for credit in cast],
        "sameAs": film.same_as,
    }
    if film.synopsis:
        data["description"] = summary(film.synopsis, 300)
    if first_release := min(film.releases.all(), key=lambda release: release.date, default=None):
        data["datePublished"] = first_release.date.isoformat()
        data["releasedEvent"] = released_event(first_release)
    elif film.release_year:
        data["dateCreated"] = str(film.release_year)
    if film.runtime_minutes:
        data["duration"] = f"PT{film.runtime_minutes}M"
    if review:
        data["review"] = review_ref(review)
    if image:
        data["image"] = image["url"]
    return data


def released_event(release) -> dict:
    """A release as schema.org's PublicationEvent: when, where, and what kind of release."""
    event = {
        "@type": "PublicationEvent",
        "name": release.label,
        "startDate": release.date.isoformat(),
        "location": {"@type": "Country", "name": release.country.name, "identifier": release.country.code},
    }
    if release.note:
        event["description"] = release.note
    return event


def person(person, image: dict | None) -> dict:
    data = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(person.get_absolute_url()),
        "sameAs": person.same_as,
    }
    if person.bio:
        data["description"] = summary(person.bio, 300)
    if person.birth_date:
        data["birthDate"] = person.birth_date.isoformat()
    if image:
        data["image"] = image["url"]
    return data
