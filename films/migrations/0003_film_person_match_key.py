"""Films and people get `match_key`, their title or name folded (typography, accents, case)
for link suggestions; existing rows are filled in batches."""

import core.matching
from django.db import migrations

BATCH = 1000


def fill_match_keys(apps, schema_editor):
    """Every existing film and person gets the key of its title or name, a batch at a time in
    primary key order (no cursor stays open while the table is written)."""
    for model_name, source in (("Film", "title"), ("Person", "name")):
        model = apps.get_model("films", model_name)
        last = None
        while True:
            rows = model.objects.order_by("pk").only("pk", source)
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch = list(rows[:BATCH])
            if not batch:
                break
            for row in batch:
                row.match_key = core.matching.match_key(getattr(row, source))
            model.objects.bulk_update(batch, ["match_key"])
            last = batch[-1].pk


class Migration(migrations.Migration):

    # Posters and headshots point at images' own table: SQLite rebuilds films' tables with
    # their foreign keys when this is undone.
    dependencies = [
        ('films', '0002_film_releases'),
        ('images', '0002_own_table'),
    ]

    operations = [
        migrations.AddField(
            model_name='film',
            name='match_key',
            field=core.matching.MatchKeyField(db_index=True, default='', editable=False, source='title'),
        ),
        migrations.AddField(
            model_name='person',
            name='match_key',
            field=core.matching.MatchKeyField(db_index=True, default='', editable=False, source='name'),
        ),
        # Going back drops the columns; nothing to undo.
        migrations.RunPython(fill_match_keys, migrations.RunPython.noop),
    ]
