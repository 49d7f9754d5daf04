"""A number in every share-preview link of a story: raising it revokes them all.

On SQLite, adding a NOT NULL column rebuilds the table, which drops the full-text triggers
(0002): they are dropped first and made again after, as 0005 does. The new column comes after
the bodies; only whole rows, which read the bodies anyway, load it.
"""

from importlib import import_module

from django.db import migrations, models

search_index = import_module("articles.migrations.0002_search_index")
TRIGGERS = [statement for statement in search_index.SQLITE_FORWARD if "CREATE TRIGGER" in statement]
DROP_TRIGGERS = [statement for statement in search_index.SQLITE_BACKWARD if "DROP TRIGGER" in statement]


def sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_audit_trail_outlives_stories")]

    operations = [
        migrations.RunPython(sqlite(DROP_TRIGGERS), sqlite(TRIGGERS)),
        migrations.AddField(
            model_name="article",
            name="share_links_version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(sqlite(TRIGGERS), sqlite(DROP_TRIGGERS)),
    ]
