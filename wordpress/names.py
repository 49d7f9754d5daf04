"""Who and what a post is filed under: its section, tags and bylines, each found or made once.

Sections and tags are matched by slug and name, authors by login (remembered per site in
ImportedAuthor), then by the slug of their display name, so a newsroom's own byline is reused.
The memos here hold rows of the current transaction: `forget()` after a post is rolled back.
"""

from urllib.parse import unquote

from django.utils.text import slugify
from taggit.models import Tag

from articles.models import RESERVED_SECTION_SLUGS, Author, Section
from wordpress.models import ImportedAuthor
from wordpress.pictures import plain
from wordpress.report import Report
from wordpress.wxr import Item, Site


class Names:
    def __init__(self, report: Report):
        self.report = report
        self.site = Site()
        self.sections: dict[str, Section] = {}
        self.tags: dict[str, Tag] = {}
        self.authors: dict[str, Author] = {}

    def forget(self) -> None:
        self.sections.clear()
        self.tags.clear()
        self.authors.clear()

    def terms(self, item: Item) -> dict[str, list]:
        """The post's terms by kind, each once, in the export's order."""
        kinds: dict[str, list] = {"category": [], "post_tag": [], "author": []}
        for term in item.terms:
            if term.domain not in kinds:
                self.report.skipped[f"terms of the “{term.domain}” taxonomy"] += 1
                continue
            if all(t.slug != term.slug or t.name != term.name for t in kinds[term.domain]):
                kinds[term.domain].append(term)
        return kinds

    def section(self, item: Item, categories: list) -> Section:
        primary = self.site.categories.get(int(item.meta.get("_yoast_wpseo_primary_category") or 0))
        chosen = next((c for c in categories if c.slug == primary), categories[0] if categories else None)
        slug = slugify(unquote(chosen.slug or chosen.name))[:100] if chosen else "uncategorized"
        name = chosen.name if chosen else "Uncategorized"
        slug = slug or "uncategorized"
        if slug in RESERVED_SECTION_SLUGS:
            slug = f"{slug}-stories"
        if slug not in self.sections:
            self.sections[slug], _ = Section.objects.get_or_create(slug=slug, defaults={"name": name[:100]})
        return self.sections[slug]

    def bylines(self, item: Item, coauthors: list) -> list[Author]:
        """Co-Authors Plus bylines in order, else the post's author; each person once."""
        people = [(t.slug.removeprefix("cap-"), t.name) for t in coauthors]
        if not people and item.creator:
            people = [(item.creator, self.site.authors.get(item.creator, item.creator))]
        authors = [self.author(login, name) for login, name in people if login or name]
        return list({author.pk: author for author in authors}.values())

    def author(self, login: str, name: str) -> Author:
        key = login or slugify(name)
        if key not in self.authors:
            mapped = (
                ImportedAuthor.objects.filter(site=self.site.url, login=key).select_related("author").first()
            )
            if mapped:
                self.authors[key] = mapped.author
            else:
                display = plain(self.site.authors.get(key, name)) or key
                slug = slugify(display)[:190] or slugify(key)[:190] or "author"
                author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": display[:200]})
                ImportedAuthor.objects.create(site=self.site.url, login=key, author=author)
                self.authors[key] = author
        return self.authors[key]

    def tag(self, name: str) -> Tag:
        name = plain(name)[:100]
        if name.lower() not in self.tags:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                slug = slugify(name)[:90] or "tag"
                if Tag.objects.filter(slug=slug).exists():
                    slug = f"{slug}-{Tag.objects.count()}"
                tag = Tag.objects.create(name=name, slug=slug)
            self.tags[name.lower()] = tag
        return self.tags[name.lower()]
