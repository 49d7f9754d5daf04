"""Stories imported before the import remembered their versions: the migration vouches only for
those still as the import left them, so a later run never undoes an edit made here."""

import pytest
import reversion
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ArticleFactory

BEFORE = [("wordpress", "0001_wordpress_import")]
AFTER = [("wordpress", "0002_imported_post_version")]


@pytest.mark.django_db(transaction=True)
def test_only_stories_unchanged_since_their_import_get_a_version():
    untouched, edited = ArticleFactory(headline="Untouched"), ArticleFactory(headline="Edited")
    for article in (untouched, edited):
        with reversion.create_revision():
            reversion.set_comment("Imported from WordPress")
            reversion.add_to_revision(article)
    with reversion.create_revision():
        reversion.set_comment("Changed headline.")
        reversion.add_to_revision(edited)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("wordpress", "ImportedPost")
    for wp_id, article in enumerate((untouched, edited), start=1):
        old.objects.create(site="https://old.example.com", wp_id=wp_id, article_id=article.pk, digest="x")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from wordpress.models import ImportedPost

    versions = dict(ImportedPost.objects.values_list("article_id", "article_version"))
    assert versions == {untouched.pk: untouched.version, edited.pk: None}
