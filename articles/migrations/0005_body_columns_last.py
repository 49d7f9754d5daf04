"""Story bodies stored last in the row, on SQLite.

SQLite keeps a row's columns in order, and a ~6 KB body spills into overflow pages, so reading
any column after it (status, publish time, section, lead image...) walks that chain: the card
columns of 400 stories took 6.2 ms to read, 1.0 ms with the bodies last (100,000 stories,
session 2). Lists, related stories and the home page read such columns for many rows.

The migration state moves `body` and `body_text` to the end; on SQLite the table is rebuilt in
that order, and the full-text triggers (0002), which a rebuild drops with the old table, are
made again. PostgreSQL already keeps large values out of the row (TOAST): nothing to do there.
"""

from importlib import import_module

from django.db import migrations, models

search_index = import_module("articles.migrations.0002_search_index")
TRIGGERS = [statement for statement in search_index.SQLITE_FORWARD if "CREATE TRIGGER" in statement]
DROP_TRIGGERS = [statement for statement in search_index.SQLITE_BACKWARD if "DROP TRIGGER" in statement]


def rebuild_in_field_order(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in DROP_TRIGGERS:
        schema_editor.execute(statement)
    schema_editor._remake_table(apps.get_model("articles", "Article"))
    for statement in TRIGGERS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_roles")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField("article", "body"),
                migrations.RemoveField("article", "body_text"),
                migrations.AddField("article", "body", models.TextField(blank=True)),
                migrations.AddField("article", "body_text", models.TextField(blank=True, editable=False)),
            ]
        ),
        migrations.RunPython(rebuild_in_field_order, rebuild_in_field_order),
    ]
