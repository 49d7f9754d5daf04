"""The desk's story search reads headlines (articles.search.headlines_matching): on PostgreSQL a
GIN index of the headline's own tsvector. The weighted search_vector of 0002 holds the body too,
so a headline-only match through it rechecks every story whose text holds the word. SQLite's
FTS5 table of 0002 already keeps the headline as a column of its own."""

from django.db import migrations

FORWARD = "CREATE INDEX articles_article_headline_search_idx ON articles_article USING GIN (to_tsvector('english', headline))"
BACKWARD = "DROP INDEX IF EXISTS articles_article_headline_search_idx"


def run(statement):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_slug_unique_per_newsroom_day")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
