"""A section already at /releases/ or /film-reviews/ stops the migration that reserves them,
with a message, rather than hiding the new pages or moving the section's stories."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0008_share_links_version")]
RESERVING = [("articles", "0009_reserved_section_slugs")]


def executor() -> MigrationExecutor:
    runner = MigrationExecutor(connection)
    runner.loader.build_graph()
    return runner


@pytest.mark.django_db(transaction=True)
def test_a_section_named_releases_must_be_renamed_first():
    runner = executor()
    runner.migrate(BEFORE)
    Section = runner.loader.project_state(BEFORE).apps.get_model("articles", "Section")
    section = Section.objects.create(name="Releases", slug="releases")
    try:
        with pytest.raises(RuntimeError, match="give those sections another slug"):
            executor().migrate(RESERVING)
        section.slug = "new-releases"
        section.save()
        executor().migrate(RESERVING)
    finally:
        runner = executor()
        runner.migrate(runner.loader.graph.leaf_nodes())
