"""Editors run the desk without a superuser (issue 15): they manage films, people, credits,
festivals and their editions, screenings, images, sections and authors.

Updates the existing Editor group; writers keep what 0004 gave them.
"""

import importlib

from django.db import migrations

roles = importlib.import_module("articles.migrations.0004_roles")

MANAGE = ["add", "change", "delete", "view"]
EDITOR_DESK = {
    "articles": {"section": MANAGE, "author": MANAGE},
    "films": {
        model: MANAGE for model in ["film", "person", "credit", "festival", "festivaledition", "screening"]
    },
    "images": {"image": MANAGE},
}


def desk_permissions(Permission):
    return [
        permission
        for app_label, codename in roles.codenames(EDITOR_DESK)
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    ]


def assign_roles(Group, Permission):
    """The roles as they stand now; browser tests that flush the database bring them back with it."""
    roles.assign_roles(Group, Permission)
    Group.objects.get(name="Editor").permissions.add(*desk_permissions(Permission))


def grant(apps, schema_editor):
    # Adds to the group as it stands: permissions a site gave its editors by hand stay.
    editor = apps.get_model("auth", "Group").objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.add(*desk_permissions(apps.get_model("auth", "Permission")))


def revoke(apps, schema_editor):
    roles.assign_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_roles_for_reviews_and_releases")]

    operations = [migrations.RunPython(grant, revoke)]
