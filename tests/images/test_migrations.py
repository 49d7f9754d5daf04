"""The image library moved from the project package to the images app with every row kept."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("images", "0001_initial")]
AFTER = [("images", "0002_own_table")]
CONTENT_TYPES = ("contenttypes", "0002_remove_content_type_name")


@pytest.fixture
def latest_schema_after():
    """Going back to images 0001 also unapplies every migration that depends on 0002 (the
    WordPress import's): put the whole schema back for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_an_existing_library_keeps_its_rows_and_permissions():
    """A database from before the move (table newsroom_image, content type newsroom.image)
    comes out with the same rows in images_image and the same content type, renamed."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([*BEFORE, CONTENT_TYPES]).apps
    assert old.get_model("images", "Image")._meta.db_table == "newsroom_image"
    ContentType = old.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.get(app_label="newsroom", model="image")
    old.get_model("images", "Image").objects.create(
        file="images/2019/01/still.jpg", width=640, height=480, alt_text="A still"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state([*AFTER, CONTENT_TYPES]).apps
    assert list(new.get_model("images", "Image").objects.values_list("alt_text", flat=True)) == ["A still"]
    assert "newsroom_image" not in connection.introspection.table_names()
    renamed = new.get_model("contenttypes", "ContentType").objects.get(pk=content_type.pk)
    assert (renamed.app_label, renamed.model) == ("images", "image")
