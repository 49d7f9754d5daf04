"""Writers and editors may rate their reviews, and editors edit films' releases: the roles of
0004_roles (which now list those permissions) are assigned again, now that the models exist."""

import importlib

from django.db import migrations


def assign_roles_again(apps, schema_editor):
    importlib.import_module("articles.migrations.0004_roles").create_roles(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_reviews"),
        ("films", "0002_film_releases"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(assign_roles_again, migrations.RunPython.noop)]
