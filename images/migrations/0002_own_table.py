"""The image library's own table and content type, now that it is the images app's model.

Existing databases keep every row: the table is renamed, and the content type row is renamed
in place, so permissions (the Writer and Editor groups), admin log entries and revisions
that point to it keep pointing to it.
"""

from django.db import migrations


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="images", model="image").exists():
        ContentType.objects.using(db).filter(app_label="newsroom", model="image").update(app_label="images")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="images", model="image").update(app_label="newsroom")


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="image", table=None),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
