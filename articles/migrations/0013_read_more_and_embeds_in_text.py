"""READ MORE links and embeds shown "after paragraph N" become placeholders in the body at that
point (articles/richtext.py PLACE), where the editor can now move them with the cursor."""

from html import unescape

from django.db import migrations, models

from articles.richtext import PLACE, place_html, place_in_body, split_blocks


def rows(apps, article_id, **filters):
    read_more = apps.get_model("articles", "ReadMoreLink").objects.filter(article_id=article_id, **filters)
    embeds = apps.get_model("articles", "Embed").objects.filter(article_id=article_id, **filters)
    return [(link, "read-more", str(link.target_id)) for link in read_more] + [
        (embed, "embed", embed.url) for embed in embeds
    ]


def stories(apps, **filters):
    Article = apps.get_model("articles", "Article")
    ids = set()
    for model in ("ReadMoreLink", "Embed"):
        placed = apps.get_model("articles", model).objects.filter(**filters)
        ids |= set(placed.values_list("article_id", flat=True))
    return Article.objects.filter(pk__in=ids)


def into_text(apps, schema_editor):
    for article in stories(apps, after_paragraph__isnull=False):
        placed = rows(apps, article.pk, after_paragraph__isnull=False)
        placements = [(row.after_paragraph, {"html": place_html(kind, value)}) for row, kind, value in placed]
        body = "".join(part["html"] for part in place_in_body(article.body, placements))
        type(article).objects.filter(pk=article.pk).update(body=body)
        for row, _kind, _value in placed:
            type(row).objects.filter(pk=row.pk).update(after_paragraph=None)


def back_to_paragraphs(apps, schema_editor):
    for article in stories(apps):
        if not PLACE.search(article.body):
            continue
        by_place = {(kind, value): row for row, kind, value in rows(apps, article.pk)}
        kept, paragraphs = [], 0
        for block in split_blocks(article.body):
            if found := PLACE.fullmatch(block):
                if row := by_place.get((found[1], unescape(found[2]))):
                    type(row).objects.filter(pk=row.pk).update(after_paragraph=paragraphs or None)
                continue
            paragraphs += 1
            kept.append(block)
        type(article).objects.filter(pk=article.pk).update(body="".join(kept))


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_desk_roles")]

    operations = [
        migrations.RunPython(into_text, back_to_paragraphs),
        migrations.AlterField(
            model_name="embed",
            name="after_paragraph",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                help_text="Better: put the cursor in the text and press Embed in the editor's "
                "toolbar. Or show it after this paragraph; neither: at the end of the story.",
            ),
        ),
        migrations.AlterField(
            model_name="readmorelink",
            name="after_paragraph",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                help_text="Better: put the cursor in the text and press READ MORE in the editor's "
                "toolbar. Or show it after this paragraph (1 = after the first). Neither: in the "
                "“More on this” box at the end.",
            ),
        ),
    ]
