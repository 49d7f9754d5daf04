"""A story that is a critic's review of one film, with a rating on the site's scale."""

import articles.ratings
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_reserved_section_slugs'),
        ('films', '0002_film_releases'),
    ]

    operations = [
        migrations.CreateModel(
            name='Review',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rating', models.CharField(choices=articles.ratings.rating_choices, help_text="On the site's scale (REVIEW_RATING_SCALE: stars out of 5, or letter grades).", max_length=3)),
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='review', to='articles.article')),
                ('film', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='films.film')),
            ],
            options={
                'indexes': [models.Index(fields=['film', 'article'], name='articles_re_film_id_c367f7_idx')],
            },
        ),
    ]
