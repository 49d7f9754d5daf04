"""The export's attachments, and the pictures of the image library they become.

Attachments follow the posts that use them in an export, so the first pass notes them all
(`add`); a picture enters the library the first time a post needs it, checked like any
upload, and is remembered per site so a re-run reuses it.
"""

import logging
import math
import re
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.html import strip_tags
from django.utils.text import Truncator

from images.models import Image
from images.uploads import validate_image_upload
from wordpress.bodies import LibraryPicture
from wordpress.media import MissingMedia, get_file
from wordpress.models import ImportedImage
from wordpress.report import Report
from wordpress.wxr import Item

logger = logging.getLogger(__name__)
# The credit inside _wp_attachment_metadata, a PHP-serialised array.
CREDIT = re.compile(r's:6:"credit";s:\d+:"([^"]*)"')


@dataclass
class Attachment:
    url: str
    attached_file: str
    alt: str
    caption: str
    title: str
    credit: str


def plain(text: str) -> str:
    return " ".join(unescape(strip_tags(text or "")).split())


def url_key(url: str) -> str:
    """An uploads address without its resized-copy suffix ("-300x200") or scheme."""
    path = unquote(urlsplit(url.strip()).path)
    return re.sub(r"-\d+x\d+(\.\w+)$", r"\1", path)


class Pictures:
    def __init__(self, report: Report, *, media_dir: Path | None, fetch: bool, dry_run: bool):
        self.report = report
        self.media_dir = media_dir
        self.fetch = fetch
        self.dry_run = dry_run
        self.site = ""
        self.attachments: dict[int, Attachment] = {}
        self.by_url: dict[str, int] = {}
        self.images: dict[str, int] = {}  # source -> Image id, this run and earlier ones
        self.new: list[tuple[str, str]] = []  # (source, file) the current post added to the library
        self.complete = True  # every picture of the current post was found
        self.deadline = math.inf  # for fetching pictures, set when the import starts (load())

    def add(self, item: Item) -> None:
        self.attachments[item.post_id] = Attachment(
            url=item.attachment_url or item.link,
            attached_file=item.meta.get("_wp_attached_file", ""),
            alt=plain(item.meta.get("_wp_attachment_image_alt", "")),
            caption=plain(item.excerpt) or plain(item.content),
            title=plain(item.title),
            credit=(CREDIT.search(item.meta.get("_wp_attachment_metadata", "")) or [None, ""])[1],
        )
        self.by_url[url_key(item.attachment_url)] = item.post_id

    def load(self, site: str) -> None:
        self.site = site
        self.deadline = time.monotonic() + settings.WORDPRESS_FETCH_TOTAL_TIMEOUT
        self.images = dict(ImportedImage.objects.filter(site=site).values_list("source", "image_id"))

    def start_post(self) -> None:
        self.new, self.complete = [], True

    def forget_new(self) -> None:
        """The post's savepoint was undone, and with it the pictures it added: their files go too."""
        storage = Image._meta.get_field("file").storage
        for source, name in self.new:
            self.images.pop(source, None)
            storage.delete(name)

    def file(self, wp_id: int) -> tuple[str, str] | None:
        """An attachment's address and title, for a link to a file the library does not take."""
        found = self.attachments.get(wp_id)
        return (found.url, found.title) if found else None

    def thumbnail(self, item: Item) -> Attachment | None:
        return self.attachments.get(int(item.meta.get("_thumbnail_id") or 0))

    def featured(self, item: Item, headline: str) -> Image | None:
        wp_id = int(item.meta.get("_thumbnail_id") or 0)
        if not wp_id:
            return None
        attachment = self.attachments.get(wp_id)
        if attachment is None:
            self.missing(f"post {item.post_id}: featured image {wp_id} is not in the export")
            return None
        return self.image(f"id:{wp_id}", attachment, attachment.alt or attachment.title or headline)

    def for_body(self, src: str, wp_id: int, alt: str, caption: str) -> LibraryPicture | None:
        """Our copy of a picture in a post's text, or None when it is missing. Its caption in
        the post becomes the library image's when that has none."""
        wp_id = wp_id if wp_id in self.attachments else self.by_url.get(url_key(src), 0)
        if wp_id:
            attachment, source = self.attachments[wp_id], f"id:{wp_id}"
        elif src:
            attachment, source = Attachment(src, "", alt, "", "", ""), f"url:{src}"[:500]
        else:
            return None
        # The post's own alt text describes the picture where it stands; the attachment's
        # title is a file name as often as not.
        image = self.image(source, attachment, alt or attachment.alt or attachment.title)
        if image is None:
            return None
        if caption and not image.caption:
            image.caption = Truncator(caption).chars(500)
            image.save(update_fields=["caption"])
        return LibraryPicture(image.pk, image.file.url, image.caption)

    def image(self, source: str, attachment: Attachment, alt: str) -> Image | None:
        if source in self.images:
            return Image.objects.get(pk=self.images[source])
        if self.dry_run:
            self.report.notes["pictures not fetched in a dry run"] += 1
            return None
        try:
            name, data = get_file(
                attachment.url,
                attachment.attached_file,
                media_dir=self.media_dir,
                fetch_remote=self.fetch,
                deadline=self.deadline,
            )
            upload = ContentFile(data, name=name)
            validate_image_upload(upload)
        except MissingMedia as error:
            self.missing(f"{attachment.url or source}: {error}")
            return None
        except ValidationError as error:
            self.missing(f"{attachment.url or source}: {error.messages[0]}")
            return None
        except Exception as error:
            # Whatever else goes wrong with one picture is that picture's, not the post's.
            logger.exception("Picture %s of a WordPress import", attachment.url or source)
            self.missing(f"{attachment.url or source}: could not read it ({error!r})")
            return None
        image = Image.objects.create(
            file=upload,
            alt_text=Truncator(alt or "Picture").chars(300),
            caption=Truncator(attachment.caption).chars(500),
            credit=Truncator(attachment.credit).chars(200),
        )
        ImportedImage.objects.create(site=self.site, source=source, image=image)
        self.images[source] = image.pk
        self.new.append((source, image.file.name))
        return image

    def missing(self, line: str) -> None:
        self.complete = False
        self.report.missing_media.append(line)
