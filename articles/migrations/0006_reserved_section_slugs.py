"""The release calendar takes /releases/ and the review list /film-reviews/: no section may take them."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_body_columns_last'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='section',
            name='section_slug_not_reserved',
        ),
        migrations.AddConstraint(
            model_name='section',
            constraint=models.CheckConstraint(condition=models.Q(('slug__in', ['admin', 'api', 'authors', 'feed', 'festivals', 'film-reviews', 'films', 'healthz', 'media', 'people', 'preview', 'releases', 'robots.txt', 'search', 'sitemap.xml', 'sitemaps', 'static', 'tags']), _negated=True), name='section_slug_not_reserved'),
        ),
    ]
