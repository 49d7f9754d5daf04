"""An editor at work while `make bench` measures readers: one story saved a second.

Run by `python -m bench` with the server's environment (same database, same cache):
`python -m bench.editor SECONDS`. Prints "ready" once Django is set up, then saves for
SECONDS and exits by itself. Saves alternate between draft stories (no reader sees them) and
recently published ones (readers do), changing the dek or the headline through `.save()`, so
the page cache sees exactly what an editor's save in the admin would send it.
"""

import os
import re
import sys
import time

# Editors mostly touch the newest stories, which are also on the home page and section fronts.
RECENT = 50
MARK = re.compile(r" \(edit \d+\)$")


def edit(story, number: int) -> None:
    field = "dek" if number % 4 < 2 else "headline"
    setattr(story, field, MARK.sub("", getattr(story, field)) + f" (edit {number})")
    story.save()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from articles.models import Article

    seconds = float(sys.argv[1])
    drafts = list(Article.objects.filter(status=Article.Status.DRAFT).order_by("-pk")[:RECENT])
    published = list(Article.objects.published().order_by("-published_at")[:RECENT])
    print("ready", flush=True)
    saves, started = 0, time.monotonic()
    while (elapsed := time.monotonic() - started) < seconds:
        pool = drafts if saves % 2 == 0 and drafts else published
        if pool:
            edit(pool[saves // 2 % len(pool)], saves)
        saves += 1
        time.sleep(max(0.0, saves - (time.monotonic() - started)))
    print(f"saved {saves} stories in {elapsed:.1f} s", flush=True)


if __name__ == "__main__":
    main()
