"""The audit trail outlives its stories: an event keeps the story's id and headline when the
story is deleted (its link to the story is emptied instead of blocking the delete), and says
who deleted it. Existing events are kept as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_first_published_only_when_seen"),
    ]

    operations = [
        migrations.AddField(
            model_name="articleevent",
            name="story_headline",
            field=models.CharField(
                blank=True, help_text="The story's headline, kept when the story is deleted.", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="articleevent",
            name="story_id",
            field=models.PositiveBigIntegerField(
                blank=True,
                db_index=True,
                help_text="The story's id, kept when the story is deleted.",
                null=True,
            ),
        ),
        migrations.AlterField(
            model_name="articleevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("submitted", "Submitted for review"),
                    ("published", "Published"),
                    ("scheduled", "Scheduled"),
                    ("unpublished", "Returned to draft"),
                    ("withdrawn", "Withdrawn"),
                    ("restored", "Revision restored"),
                    ("links_revoked", "Share links revoked"),
                    ("deleted", "Deleted"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="articleevent",
            name="article",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="articles.article",
            ),
        ),
    ]
