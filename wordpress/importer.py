"""A WordPress export into the newsroom: posts become stories, with their bylines, pictures,
tags, SEO fields and old addresses. The mapping is listed in docs/wordpress.md ("Moving in from
WordPress").

Two passes over the file, each streaming: the first notes every attachment and every post's
old address (attachments follow the posts that use them, and a post may link to a later one);
the second imports posts one by one, each in its own savepoint (a hundred per commit), so a
post that fails leaves nothing half-written and the rest go on. A re-run finds each post by
site and post id, and leaves a post whose export is unchanged untouched.
"""

import hashlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from itertools import batched
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import reversion
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles.models import (
    Article,
    ArticleRedirect,
    Byline,
    Embed,
    TaggedArticle,
)
from articles.purges import story_lists
from articles.related import refresh_after_bulk_change
from articles.revisions import CHILD_MODELS
from articles.services import PublicState, article_record_save
from core.pagecache.keys import key
from core.pagecache.signals import bulk_change, schedule_on_commit
from wordpress.bodies import HREF, convert_body
from wordpress.models import ImportedPost
from wordpress.names import Names
from wordpress.pictures import Pictures, plain
from wordpress.report import Report
from wordpress.wxr import Export, Item, NotWellFormed, Site

Status = Article.Status
STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # scheduled: public when its time comes
    "draft": Status.DRAFT,
    "pending": Status.REVIEW,
    "private": Status.DRAFT,  # private posts are never public here
}
POSTS_PER_COMMIT = 100
ZERO_DATE = "0000-00-00 00:00:00"


def parse_date(text: str) -> datetime | None:
    if not text or text.startswith(ZERO_DATE[:4]):
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def old_path(url: str) -> str:
    """A post's address on the old site, as our redirects store it (path only)."""
    path = unquote(urlsplit(url.strip()).path)
    return path if path.startswith("/") else ""


class DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


class WordPressImporter:
    def __init__(
        self,
        path: Path | str,
        *,
        media_dir: Path | str | None = None,
        fetch: bool = True,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.path = Path(path)
        self.media_dir = Path(media_dir) if media_dir else None
        self.fetch = fetch
        self.dry_run = dry_run
        self.progress = progress or (lambda done, total: None)
        self.known: dict[int, ImportedPost] = {}
        self.saved: list[Article] = []  # stories of the current batch, for their revisions
        self.touched: set[int] = set()  # every story written, for their related lists
        self.report = Report()
        self.names = Names(self.report)
        self.pictures = Pictures(self.report, media_dir=self.media_dir, fetch=fetch, dry_run=dry_run)
        self.site = Site()
        self.post_by_path: dict[str, int] = {}
        self.post_ids: set[int] = set()
        self.total = 0
        self.tolerant = False  # the export needs the tolerant reading (wxr.py)
        self.addresses: dict[int, str] = {}  # post id -> our address, once known
        self.pending_links: set[int] = set()  # stories linking to a post not yet imported

    # -- the two passes ------------------------------------------------------------------

    def run(self) -> Report:
        self.scan()
        if not self.dry_run:
            with bulk_change():
                self.import_posts()
                # Saves in a bulk change score no related lists: one pass for them all.
                refresh_after_bulk_change(self.touched)
            return self.report
        try:
            with transaction.atomic():
                self.import_posts()
                raise DryRun
        except DryRun:
            pass
        return self.report

    def scan(self) -> None:
        try:
            self.read_index(Export(self.path))
        except NotWellFormed as error:
            # As WordPress's own importer falls back to its regex parser, for the "]]>" that
            # older versions left inside CDATA; anything else broken stays an error.
            try:
                self.read_index(Export(self.path, tolerant=True))
            except NotWellFormed:
                raise error from None
            self.tolerant = True
            self.report.notes[
                "the export is not well-formed XML (“]]>” inside CDATA, as older WordPress wrote it): "
                "read with the tolerant reading"
            ] += 1

    def read_index(self, export: Export) -> None:
        self.total = 0  # the rest is keyed: a second reading overwrites the first's
        for item in export:
            if item.post_type == "attachment":
                self.pictures.add(item)
            elif item.post_type == "post":
                self.total += 1
                self.post_ids.add(item.post_id)
                if path := old_path(item.link):
                    self.post_by_path[path] = item.post_id
        self.site = self.names.site = export.site

    def import_posts(self) -> None:
        site = self.site.url
        self.known = {
            row.wp_id: row
            for row in ImportedPost.objects.filter(site=site)
            .only("wp_id", "article_id", "digest", "complete", "article_version")
            .annotate(story_version=F("article__version"))
        }
        self.pictures.load(site)
        done = 0
        # Posts are committed a hundred at a time (each post still its own savepoint): one
        # commit per post would make SQLite wait on the disk more than it works.
        for chunk in batched(Export(self.path, tolerant=self.tolerant), POSTS_PER_COMMIT, strict=False):
            with transaction.atomic():
                for item in chunk:
                    if item.post_type != "post":
                        if item.post_type != "attachment":
                            self.report.skipped[f"{item.post_type or 'untyped'} items (not posts)"] += 1
                        continue
                    self.import_item(item)
                    done += 1
                    self.progress(done, self.total)
                self.record_revisions()
        self.fix_pending_links()

    def import_item(self, item: Item) -> None:
        if item.status not in STATUSES:
            self.report.skipped[f"posts with status “{item.status or 'none'}”"] += 1
            return
        if item.post_id <= 0:  # nothing to find it by on the next run
            self.report.skipped["posts without a wp:post_id"] += 1
            return
        known = self.known.get(item.post_id)
        digest = self.digest(item)
        if known and known.digest == digest and known.complete:
            self.report.unchanged += 1
            return
        if known and known.story_version != known.article_version:
            # Edited, withdrawn or unpublished here since: the newsroom's decision wins.
            self.report.kept.append(f"post {item.post_id} “{item.title}”")
            return
        self.pictures.start_post()
        try:
            with transaction.atomic():
                complete = self.save_story(item, known, digest)
        except (DatabaseError, ValidationError, ValueError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            self.report.failed.append(f"post {item.post_id} “{item.title}” (line {item.line}): {message}")
            self.forget_rolled_back(item)
            return
        if known:
            self.report.updated += 1
        else:
            self.report.imported += 1
        if not complete:
            self.report.notes["posts to run again once their media are found"] += 1

    def record_revisions(self) -> None:
        """Each story of the batch gets its version, as it and its rows now are, in one revision
        per batch ("Imported from WordPress"): comparing and restoring read only the story's own
        rows from it. The rows are loaded for the whole batch at once, and so are the authors
        and tags a version's label names."""
        if not self.saved:
            return
        prefetch_related_objects(
            self.saved, *CHILD_MODELS, "festival_editions", "bylines__author", "tagged_items__tag"
        )
        with reversion.create_revision():
            reversion.set_comment("Imported from WordPress")
            for article in self.saved:
                reversion.add_to_revision(article)
        self.touched.update(article.pk for article in self.saved)
        self.saved = []

    def forget_rolled_back(self, item: Item) -> None:
        """Rows the failed post created are gone with its savepoint: so must our memos of them be."""
        self.names.forget()
        self.pictures.forget_new()
        self.addresses.pop(item.post_id, None)

    # -- one post ------------------------------------------------------------------------

    def digest(self, item: Item) -> str:
        source = asdict(item)
        source.pop("line")
        thumbnail = self.pictures.thumbnail(item)
        source["thumbnail"] = asdict(thumbnail) if thumbnail else None
        return hashlib.sha256(json.dumps(source, sort_keys=True).encode()).hexdigest()

    def save_story(self, item: Item, known: ImportedPost | None, digest: str) -> bool:
        """Writes one story and what hangs off it; True when every picture was found."""
        article = Article.objects.select_related("section").get(pk=known.article_id) if known else Article()
        before = PublicState.of(article)
        article.headline = Truncator(plain(item.title) or "Untitled").chars(200)
        article.dek = Truncator(plain(item.excerpt)).chars(400)
        article.featured = item.sticky
        article.status, article.published_at = self.status_and_time(item)
        terms = self.names.terms(item)
        article.section = self.names.section(item, terms["category"])
        article.seo_title = Truncator(self.yoast_title(item, article.headline)).chars(70)
        article.seo_description = Truncator(plain(item.meta.get("_yoast_wpseo_metadesc", ""))).chars(160)
        article.lead_image = self.pictures.featured(item, article.headline)
        body = convert_body(
            item.content, picture=self.pictures.for_body, link=self.link_for, attachment=self.pictures.file
        )
        article.body = body.html
        self.report.unknown_shortcodes.update(body.unknown_shortcodes)
        if body.files:
            self.report.notes["audio and video files linked on the old site"] += len(body.files)
        article.slug = self.unique_slug(article, item)
        if article.pk:
            article.version += 1
        article.save()
        self.save_links(article, item, terms, body.embeds, created=known is None)
        article_record_save(article=article, before=before, by=None, note="Imported from WordPress")
        if article.is_scheduled:
            # Goes live by itself later: cached pages must not outlive that moment.
            schedule_on_commit({key(article), *story_lists(article)}, article.published_at)
        if article.is_published or article.is_scheduled:
            self.addresses[item.post_id] = article.get_absolute_url()
            self.redirect(item, article)
        if any(self.unresolved(link[3]) for link in HREF.finditer(article.body)):
            self.pending_links.add(article.pk)
        if known:
            known.digest, known.complete = digest, self.pictures.complete
            known.article_version = article.version
            known.save(update_fields=["digest", "complete", "article_version", "imported_at"])
        else:
            ImportedPost.objects.create(
                site=self.site.url,
                wp_id=item.post_id,
                article=article,
                digest=digest,
                complete=self.pictures.complete,
                article_version=article.version,
            )
        self.saved.append(article)  # last: a story whose savepoint was undone gets no revision
        return self.pictures.complete

    def status_and_time(self, item: Item) -> tuple[str, datetime | None]:
        status = STATUSES[item.status]
        if item.status == "private":
            self.report.notes["private posts imported as drafts"] += 1
        elif item.password:
            # WordPress shows its text only to readers given the password: no reader here is.
            self.report.notes["password-protected posts imported as drafts"] += 1
            status = Status.DRAFT
        when = parse_date(item.date_gmt)
        if when is not None:
            when = when.replace(tzinfo=UTC)
        elif local := parse_date(item.date):
            # Without a GMT time, the site's own clock: read as the newsroom's zone.
            when = timezone.make_aware(local, timezone.get_default_timezone())
        if status == Status.PUBLISHED and when is None:
            self.report.notes["published posts without a date imported as drafts"] += 1
            status = Status.DRAFT
        return status, when

    def yoast_title(self, item: Item, headline: str) -> str:
        title = item.meta.get("_yoast_wpseo_title", "").replace("%%title%%", headline)
        # Yoast's other variables (%%sep%%, %%sitename%%...) mean nothing here.
        return " ".join(re.sub(r"%%\w+%%", "", plain(title)).split())

    def unique_slug(self, article: Article, item: Item) -> str:
        base = slugify(unquote(item.name)) or slugify(plain(item.title)) or "story"
        base = base[:190]
        if article.published_at is None:
            return base
        local = timezone.localtime(article.published_at, timezone.get_default_timezone())
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        taken = set(
            Article.objects.filter(
                published_at__gte=start, published_at__lt=start + timedelta(days=1), slug__startswith=base
            )
            .exclude(pk=article.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        if number > 1:
            self.report.notes["slugs given a number (taken on the same day)"] += 1
        return slug

    def save_links(self, article: Article, item: Item, terms: dict, embeds: list, *, created: bool) -> None:
        if not created:
            Byline.objects.filter(article=article).delete()
            TaggedArticle.objects.filter(content_object=article).delete()
            Embed.objects.filter(article=article).delete()
        authors = self.names.bylines(item, terms["author"])
        Byline.objects.bulk_create(
            Byline(article=article, author=author, position=number) for number, author in enumerate(authors)
        )
        # Categories past the one that became the section are kept as tags.
        names = [t.name for t in terms["post_tag"]] + [
            c.name for c in terms["category"] if slugify(c.slug) != article.section.slug
        ]
        tags = list({tag.pk: tag for tag in map(self.names.tag, filter(None, names))}.values())
        TaggedArticle.objects.bulk_create(TaggedArticle(content_object=article, tag=tag) for tag in tags)
        for position, (after, url) in enumerate(embeds):
            Embed.objects.create(
                article=article,
                url=url,
                title=Truncator(f"Embedded in “{article.headline}”").chars(200),
                after_paragraph=after or 1,
                position=position,
            )

    def redirect(self, item: Item, article: Article) -> None:
        path, new = old_path(item.link), article.get_absolute_url()
        paths = [path] if path and path != "/" and path != new else []
        if item.post_id:
            # Every WordPress site also answers /?p=ID, whatever its permalink setting, and old
            # links, feeds and shortlinks use it (answered by the home page, public/views/home.py).
            paths.append(f"/?p={item.post_id}")
        if not paths:
            return
        # One statement whether the addresses are new or (on a re-run) already ours.
        ArticleRedirect.objects.bulk_create(
            [ArticleRedirect(old_path=old[:400], article=article) for old in paths],
            update_conflicts=True,
            unique_fields=["old_path"],
            update_fields=["article"],
        )
        self.report.redirects += len(paths)

    # -- links between posts -------------------------------------------------------------

    def linked_post(self, href: str) -> int:
        parts = urlsplit(href.strip())
        if parts.netloc and parts.netloc != urlsplit(self.site.url).netloc:
            return 0
        if parts.path in ("", "/") and (post := parse_qs(parts.query).get("p")):
            return int(post[0]) if post[0].isdigit() else 0
        return self.post_by_path.get(unquote(parts.path), 0)

    def link_for(self, href: str) -> str | None:
        post = self.linked_post(href)
        if post and post not in self.addresses and post in self.known:
            # Imported by an earlier run and unchanged since: its address from the database.
            article = Article.objects.select_related("section").get(pk=self.known[post].article_id)
            if article.is_published or article.is_scheduled:
                self.addresses[post] = article.get_absolute_url()
        return self.addresses.get(post)

    def unresolved(self, href: str) -> bool:
        post = self.linked_post(html.unescape(href))
        return bool(post) and self.link_for(html.unescape(href)) is None and post in self.post_ids

    def fix_pending_links(self) -> None:
        """Stories linking to posts imported after them: their links rewritten now. Only hrefs
        change, to our own addresses, so the sanitised body stays sanitised."""
        pending = Article.objects.filter(pk__in=self.pending_links).only("pk", "body")
        for chunk in batched(pending.iterator(), POSTS_PER_COMMIT, strict=False):
            with transaction.atomic():
                for article in chunk:
                    body = HREF.sub(self.rewrite_href, article.body)
                    if body != article.body:
                        Article.objects.filter(pk=article.pk).update(body=body)

    def rewrite_href(self, match) -> str:
        new = self.link_for(html.unescape(match[3]))
        return match[0] if new is None else f"{match[1]}{match[2]}{html.escape(new)}{match[2]}"
