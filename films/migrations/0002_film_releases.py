"""Releases per country and type; each film's single US release date becomes a US theatrical release."""

import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models


THEATRICAL = 3


def release_dates_to_releases(apps, schema_editor):
    """Each film's one US release date becomes its US theatrical release."""
    Film = apps.get_model("films", "Film")
    Release = apps.get_model("films", "Release")
    Release.objects.bulk_create(
        Release(film_id=film_id, country="US", type=THEATRICAL, date=date)
        for film_id, date in Film.objects.filter(release_date__isnull=False).values_list("id", "release_date")
    )


def releases_to_release_dates(apps, schema_editor):
    """Back again: the earliest US theatrical release becomes the film's release date."""
    Film = apps.get_model("films", "Film")
    Release = apps.get_model("films", "Release")
    for release in Release.objects.filter(country="US", type=THEATRICAL).order_by("-date"):
        Film.objects.filter(pk=release.film_id).update(release_date=release.date)


class Migration(migrations.Migration):

    dependencies = [
        ('films', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Release',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', django_countries.fields.CountryField(help_text='Where it opens (ISO 3166-1 country).', max_length=2)),
                ('type', models.PositiveSmallIntegerField(choices=[(1, 'Premiere'), (2, 'Limited theatrical'), (3, 'Theatrical'), (4, 'Digital'), (5, 'Physical'), (6, 'TV')], default=3)),
                ('date', models.DateField()),
                ('certification', models.CharField(blank=True, help_text='The rating there, e.g. "R".', max_length=20)),
                ('note', models.CharField(blank=True, help_text='e.g. the festival of a premiere: "Toronto International Film Festival".', max_length=200)),
                ('film', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='releases', to='films.film')),
            ],
            options={
                'ordering': ['date', 'type', 'id'],
                'get_latest_by': 'date',
                'indexes': [models.Index(fields=['country', 'date'], name='films_relea_country_9bc029_idx')],
                'constraints': [models.UniqueConstraint(fields=('film', 'country', 'type', 'date'), name='release_unique_per_day'), models.CheckConstraint(condition=models.Q(('type__gte', 1), ('type__lte', 6)), name='release_type_known')],
            },
        ),
        migrations.RunPython(release_dates_to_releases, releases_to_release_dates),
        migrations.RemoveField(
            model_name='film',
            name='release_date',
        ),
    ]
