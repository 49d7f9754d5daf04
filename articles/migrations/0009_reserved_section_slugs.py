"""The release calendar takes /releases/ and the review list /film-reviews/: no section may take them."""

from django.db import migrations, models

NEWLY_RESERVED = ["film-reviews", "releases"]


def refuse_taken_slugs(apps, schema_editor):
    """A section already at one of these addresses must be renamed by an editor first: its
    stories' addresses would change, which a migration should not decide."""
    Section = apps.get_model("articles", "Section")
    taken = list(Section.objects.filter(slug__in=NEWLY_RESERVED).values_list("slug", flat=True))
    if taken:
        raise RuntimeError(
            f"Section slug(s) {', '.join(taken)} are now pages of the site (the release calendar, "
            "the review list): give those sections another slug in the admin, then migrate again."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_share_links_version'),
    ]

    operations = [
        migrations.RunPython(refuse_taken_slugs, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='section',
            name='section_slug_not_reserved',
        ),
        migrations.AddConstraint(
            model_name='section',
            constraint=models.CheckConstraint(condition=models.Q(('slug__in', ['admin', 'api', 'authors', 'feed', 'festivals', 'film-reviews', 'films', 'healthz', 'media', 'people', 'preview', 'releases', 'robots.txt', 'search', 'sitemap.xml', 'sitemaps', 'static', 'tags']), _negated=True), name='section_slug_not_reserved'),
        ),
    ]
