"""How long 10,000 posts take to import: `python -m wordpress.bench [POSTS]`.

Generates an export (three authors, a category and two tags per post, no media), imports it
into a fresh SQLite database, and prints the time and the peak memory. A benchmark, not a test.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def write_export(path: Path, posts: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>Bench</title><link>https://bench.example.com</link>"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for n in range(3):
            out.write(
                f"<wp:author><wp:author_login>writer{n}</wp:author_login>"
                f"<wp:author_display_name>Writer {n}</wp:author_display_name></wp:author>\n"
            )
        for n in range(1, posts + 1):
            day = 1 + n % 28
            out.write(
                f"<item><title>Story number {n}</title>"
                f"<link>https://bench.example.com/2020/{1 + n % 12:02}/{day:02}/story-{n}/</link>"
                f"<dc:creator>writer{n % 3}</dc:creator>"
                f"<content:encoded><![CDATA[<!-- wp:paragraph --><p>Paragraph one of {n}.</p>"
                f"<!-- /wp:paragraph -->\n<p>See <a href='/?p={n + 1}'>the next one</a>.</p>"
                "]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[Standfirst {n}]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2020-{1 + n % 12:02}-{day:02} 12:00:00"
                f"</wp:post_date_gmt><wp:post_name>story-{n}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="section-{n % 8}">Section {n % 8}</category>'
                f'<category domain="post_tag" nicename="tag-{n % 50}">Tag {n % 50}</category>'
                f'<category domain="post_tag" nicename="tag-{n % 7}-b">Tag {n % 7} b</category>'
                "</item>\n"
            )
        out.write("</channel></rss>\n")


def main() -> None:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder = Path(tempfile.mkdtemp(prefix="wordpress-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["PAGE_CACHE_FILE"] = str(folder / "pages.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from wordpress.importer import WordPressImporter

    call_command("migrate", verbosity=0)
    export = folder / "export.xml"
    write_export(export, posts)
    size = export.stat().st_size / 1e6
    started, cpu = time.perf_counter(), time.process_time()
    report = WordPressImporter(export, fetch=False).run()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{report.imported:,} posts ({size:.1f} MB export) imported in {elapsed:.1f} s on SQLite"
        f" ({cpu:.1f} s of CPU: on a busy machine the difference is waiting for a core)"
    )
    print(f"{report.imported / elapsed:.0f} posts/s; peak memory {peak:.0f} MB; data in {folder}")


if __name__ == "__main__":
    main()
