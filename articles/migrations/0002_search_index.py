"""Full-text search over stories: FTS5 on SQLite, a weighted tsvector with GIN on PostgreSQL.

Both are kept up to date by the database itself (triggers, a generated column), so every
write path, the ORM's bulk operations included, keeps the index right.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        headline, dek, body_text,
        content='articles_article', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER articles_article_fts_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_article_fts(rowid, headline, dek, body_text)
        VALUES (new.id, new.headline, new.dek, new.body_text);
    END""",
    """CREATE TRIGGER articles_article_fts_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, dek, body_text)
        VALUES ('delete', old.id, old.headline, old.dek, old.body_text);
    END""",
    """CREATE TRIGGER articles_article_fts_update AFTER UPDATE OF headline, dek, body_text ON articles_article
    BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, dek, body_text)
        VALUES ('delete', old.id, old.headline, old.dek, old.body_text);
        INSERT INTO articles_article_fts(rowid, headline, dek, body_text)
        VALUES (new.id, new.headline, new.dek, new.body_text);
    END""",
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_fts_insert",
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TRIGGER IF EXISTS articles_article_fts_update",
    "DROP TABLE IF EXISTS articles_article_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(headline, '')), 'A')
        || setweight(to_tsvector('english', coalesce(dek, '')), 'B')
        || setweight(to_tsvector('english', coalesce(body_text, '')), 'C')
    ) STORED""",
    "CREATE INDEX articles_article_search_idx ON articles_article USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS articles_article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
