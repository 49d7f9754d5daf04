# The same-day slug rule is checked through the constraint (in the newsroom's day), no
# longer through unique_for_date (in the publish time's UTC day).

import django.db.models.functions.datetime
import zoneinfo
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0014_article_related_ids'),
    ]

    operations = [
        # unique_for_date is no database rule, but SQLite would rebuild the table for it (and
        # lose the search index's triggers): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='article',
                    name='slug',
                    field=models.SlugField(help_text="The last part of the story's address, unique for its publish day. Changing it later leaves a redirect.", max_length=200),
                ),
            ],
        ),
        migrations.AlterConstraint(
            model_name='article',
            name='article_slug_unique_for_date',
            constraint=models.UniqueConstraint(django.db.models.functions.datetime.TruncDate('published_at', tzinfo=zoneinfo.ZoneInfo(key='America/New_York')), models.F('slug'), name='article_slug_unique_for_date', violation_error_message='Another story already has this slug on that day: change the slug or the publish time.'),
        ),
    ]
