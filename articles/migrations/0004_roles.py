"""The newsroom's roles as groups: Writer and Editor (see docs/editors.md).

What each may do beyond these permissions (a writer edits only their own unpublished
stories, only an editor publishes) is enforced in articles.services and the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = {
    "articles": {
        "article": ["add", "change", "view"],
        "byline": ["add", "change", "delete", "view"],
        "articlefilm": ["add", "change", "delete", "view"],
        "articleperson": ["add", "change", "delete", "view"],
        "readmorelink": ["add", "change", "delete", "view"],
        "embed": ["add", "change", "delete", "view"],
        "correction": ["add", "change", "delete", "view"],
        "review": ["add", "change", "delete", "view"],  # from 0011_roles_for_reviews_and_releases
        "section": ["view"],
        "author": ["view"],
        "articleevent": ["view"],
    },
    "films": {
        "film": ["view"],
        "person": ["view"],
        "festival": ["view"],
        "festivaledition": ["view"],
    },
    "images": {"image": ["add", "view"]},
    "taggit": {"tag": ["view"]},
}
EDITOR_EXTRA = {
    "articles": {
        "article": ["delete", "publish_article", "edit_any_article"],
        "author": ["add", "change"],
    },
    "films": {
        "film": ["add", "change"],
        "person": ["add", "change"],
        "credit": ["add", "change", "delete", "view"],
        "festivaledition": ["add", "change"],
        "screening": ["add", "change", "delete", "view"],
        "release": ["add", "change", "delete", "view"],  # from 0011_roles_for_reviews_and_releases
    },
    "images": {"image": ["change"]},
    "taggit": {"tag": ["add", "change"]},
}


def codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                codename = action if "_" in action else f"{action}_{model}"
                yield app_label, codename


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    assign_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_roles(Group, Permission):
    """Also used by tests that flush the database (browser tests) to bring the roles back."""

    def perms(pairs):
        found = []
        for app_label, codename in pairs:
            found.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        return found

    writer_perms = perms(codenames(WRITER))
    writer, _ = Group.objects.get_or_create(name="Writer")
    writer.permissions.set(writer_perms)
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(writer_perms + perms(codenames(EDITOR_EXTRA)))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writer", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("films", "0001_initial"),
        ("images", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
