"""One archive holds the whole site: every row (as Django fixtures) and every media file.

Used by `manage.py backup` and `manage.py restore`. Fixtures with natural keys load into a
freshly migrated database of either engine, so a backup also moves a site from SQLite to
PostgreSQL.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from core.matching import fill_match_keys

DATA_MEMBER = "data.json"
MEDIA_PREFIX = "media/"
# Rebuilt by `migrate` or meaningless on another instance.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]


def write_backup(destination: Path) -> dict[str, int]:
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        data_file = Path(scratch) / DATA_MEMBER
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            indent=None,
            output=str(data_file),
            verbosity=0,
        )
        rows = len(json.loads(data_file.read_text()))
        files = 0
        with tarfile.open(destination, "w:gz") as archive:
            archive.add(data_file, arcname=DATA_MEMBER)
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
                        files += 1
    return {"rows": rows, "files": files}


def read_backup(source: Path) -> dict[str, int]:
    media_root = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        data = archive.extractfile(DATA_MEMBER)
        if data is None:
            raise ValueError(f"{source} has no {DATA_MEMBER}; it is not a backup made by `manage.py backup`.")
        data_file = Path(scratch) / DATA_MEMBER
        data_file.write_bytes(data.read())
        for member in archive.getmembers():
            if not (member.isfile() and member.name.startswith(MEDIA_PREFIX)):
                continue
            relative = Path(member.name[len(MEDIA_PREFIX) :])
            target = (media_root / relative).resolve()
            # Never write outside MEDIA_ROOT, whatever names the archive carries.
            if not target.is_relative_to(media_root.resolve()):
                raise ValueError(f"Refusing to restore {member.name}: it points outside MEDIA_ROOT.")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
            files += 1
        call_command("loaddata", str(data_file), stdout=io.StringIO(), verbosity=0)
        fill_match_keys()
        rows = len(json.loads(data_file.read_text()))
    return {"rows": rows, "files": files}
