"""Store again, as uploads are now stored, the library pictures kept before uploads were cleaned.

Their originals may still carry EXIF or XMP (camera, time, GPS position) at a public /media/
address, which feeds used to link. Each such picture is stored upright and without metadata
(images.uploads.stored_content) under a new name, and its old file is deleted: a name is never
rewritten in place, so nothing that remembers a file's size by its name goes stale.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image as PillowImage

from images.models import Image
from images.uploads import stored_content


def carries_metadata(image: Image) -> bool:
    with image.file.open("rb"), PillowImage.open(image.file) as picture:
        return bool(picture.getexif() or picture.info.get("xmp") or picture.info.get("comment"))


class Command(BaseCommand):
    help = "Strip camera metadata (EXIF, XMP, GPS position) from pictures stored before uploads were cleaned."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the pictures; change nothing.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        cleaned = failed = 0
        for image in Image.objects.order_by("pk").iterator():
            old = image.file.name
            try:
                if not carries_metadata(image):
                    continue
                self.store_again(image, dry_run=dry_run)
            except (OSError, ValidationError) as error:  # a file missing or damaged: say so, go on
                failed += 1
                self.stderr.write(f"{old}: {error}")
                continue
            cleaned += 1
            if verbosity > 1:
                self.stdout.write(f"{old} -> {image.file.name}")
        verb = "Would clean" if dry_run else "Cleaned"
        if verbosity:
            self.stdout.write(f"{verb} {cleaned} picture(s); {failed} could not be read.")

    def store_again(self, image: Image, dry_run: bool) -> None:
        old = image.file.name
        with image.file.open("rb") as original:
            content = ContentFile(original.read(), name=PurePath(old).name)
        if dry_run:
            stored_content(content, content.name)  # fails where the real run would
            return
        with transaction.atomic():
            # The field stores what stored_content() makes of it (images.uploads).
            image.file.save(content.name, content, save=False)
            image.save(update_fields=["file", "width", "height"])
        image.file.storage.delete(old)
