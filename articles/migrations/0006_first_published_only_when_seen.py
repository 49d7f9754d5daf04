"""`first_published_at` says when readers first saw a story, not when it was first scheduled.

Stories scheduled and then withdrawn (or returned to draft) before their time kept the schedule
as their first publish time, so their address answered 410 Gone as if readers had seen them.
A time still ahead is now only a schedule; a story that left the site before its first time,
and not after it, was never public.
"""

from django.db import migrations
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

LEAVING = ["withdrawn", "unpublished"]


def forget_unseen_schedules(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleEvent = apps.get_model("articles", "ArticleEvent")
    now = timezone.now()
    ahead = Article.objects.filter(first_published_at__gt=now)
    ahead.filter(status="published").update(first_published_at=F("published_at"))
    ahead.exclude(status="published").update(first_published_at=None)
    left = ArticleEvent.objects.filter(article=OuterRef("pk"), action__in=LEAVING)
    Article.objects.exclude(status="published").filter(
        Exists(left.filter(at__lt=OuterRef("first_published_at"))),
        ~Exists(left.filter(at__gte=OuterRef("first_published_at"))),
    ).update(first_published_at=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_body_columns_last")]

    operations = [migrations.RunPython(forget_unseen_schedules, migrations.RunPython.noop)]
