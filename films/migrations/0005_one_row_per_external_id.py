"""One film (and one person) per TMDb, IMDb or Wikidata id. Rows that share an id already
would make the constraint fail with a bare integrity error: the oldest row keeps the id, the
newer ones lose it, and each change is printed, naming both rows, for the desk to merge them
or set the right id."""

from django.db import migrations, models
from django.db.models import Count

IDS = {"tmdb_id": "TMDb id", "imdb_id": "IMDb id", "wikidata_id": "Wikidata id"}


def free_shared_ids(apps, schema_editor):
    for model_name, title in (("Film", "title"), ("Person", "name")):
        model = apps.get_model("films", model_name)
        for field, label in IDS.items():
            shared = (
                model.objects.exclude(**{field: ""})
                .values(field)
                .annotate(rows=Count("pk"))
                .filter(rows__gt=1)
                .values_list(field, flat=True)
            )
            for value in list(shared):
                keeper, *others = model.objects.filter(**{field: value}).order_by("pk")
                for row in others:
                    setattr(row, field, "")
                    row.save(update_fields=[field])
                    print(
                        f"{model_name} {row.pk} “{getattr(row, title)}” loses {label} {value}, which "
                        f"{model_name.lower()} {keeper.pk} “{getattr(keeper, title)}” keeps."
                    )


class Migration(migrations.Migration):

    dependencies = [
        ('films', '0004_external_id_forms'),
        ('images', '0003_image_file_stored_without_metadata'),
    ]

    operations = [
        # Going back keeps the rows as they are: the ids taken away are in the printed report.
        migrations.RunPython(free_shared_ids, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='film',
            constraint=models.UniqueConstraint(condition=models.Q(('imdb_id', ''), _negated=True), fields=('imdb_id',), name='film_imdb_id_unique', violation_error_message='Another film already has this IMDb id.'),
        ),
        migrations.AddConstraint(
            model_name='film',
            constraint=models.UniqueConstraint(condition=models.Q(('tmdb_id', ''), _negated=True), fields=('tmdb_id',), name='film_tmdb_id_unique', violation_error_message='Another film already has this TMDb id.'),
        ),
        migrations.AddConstraint(
            model_name='film',
            constraint=models.UniqueConstraint(condition=models.Q(('wikidata_id', ''), _negated=True), fields=('wikidata_id',), name='film_wikidata_id_unique', violation_error_message='Another film already has this Wikidata id.'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('imdb_id', ''), _negated=True), fields=('imdb_id',), name='person_imdb_id_unique', violation_error_message='Another person already has this IMDb id.'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('tmdb_id', ''), _negated=True), fields=('tmdb_id',), name='person_tmdb_id_unique', violation_error_message='Another person already has this TMDb id.'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('wikidata_id', ''), _negated=True), fields=('wikidata_id',), name='person_wikidata_id_unique', violation_error_message='Another person already has this Wikidata id.'),
        ),
    ]
