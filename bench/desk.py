"""The desk at news scale: the admin pages editors work in, timed in-process as an editor.

Run by `python -m bench` after the readers' pages, with the benchmark database in
DATABASE_URL (`python -m bench.desk`): signed in as an editor (staff in the Editor group, no
superuser) through Django's test client, the story list (first page, a search, a filter, page
2,000), a busy story's form, the add form, a story's history, the film and person lists and
forms, and every autocomplete of the story form. Prints a JSON list, one object per page, with
its queries and median and 95th percentile render times (bench/inprocess.py measures them).

It leaves an editor account ("bench-editor") and, once, three revisions of the busy story.
"""

import json
import os
import sys

# The deep page: the last one at 100,000 stories, 50 to a page.
DEEP_PAGE = 2000
# What the searches look for: a word in many headlines and bodies, a common first name.
STORY_SEARCH = "festival"
ENTITY_SEARCH = "the"
PERSON_SEARCH = "ana"
EDITOR = "bench-editor"


def editor():
    """The bench's editor: staff in the Editor group, as the newsroom's roles make them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _ = get_user_model().objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def busiest(queryset, relation: str):
    """The row of `queryset` with the most `relation` rows."""
    from django.db.models import Count

    return queryset.annotate(busy=Count(relation)).order_by("-busy", "-pk").first()


def busy_story():
    """Among the newest stories, the one with the most links: a story's form costs the most."""
    from articles.models import Article, ArticleFilm, ArticlePerson, Byline, ReadMoreLink, TaggedArticle

    newest = list(Article.objects.order_by("-pk").values_list("pk", flat=True)[:1000])
    links = dict.fromkeys(newest, 0)
    for model, key in [(ArticleFilm, "article"), (ArticlePerson, "article"), (Byline, "article"),
                       (ReadMoreLink, "article"), (TaggedArticle, "content_object")]:  # fmt: skip
        for row in model.objects.filter(**{f"{key}__in": newest}).values(key):
            links[row[key]] += 1
    return Article.objects.get(pk=max(links, key=lambda pk: (links[pk], pk)))


def give_history(story, user) -> None:
    """Three saves of the story, each a revision, unless it has some already."""
    import reversion
    from reversion.models import Version

    if Version.objects.get_for_object(story).exists():
        return
    for number in range(3):
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(f"Bench save {number + 1}")
            story.save()


def autocomplete(app_label: str, model_name: str, field_name: str, term: str) -> str:
    from django.urls import reverse

    query = f"app_label={app_label}&model_name={model_name}&field_name={field_name}&term={term}"
    return f"{reverse('admin:autocomplete')}?{query}"


def desk_pages(story, film, person) -> dict[str, str]:
    """Page kind -> URL, for the story, film and person whose forms are measured."""
    from django.contrib.admin.views.main import PAGE_VAR
    from django.urls import reverse

    from articles.admin import ArticleAdmin
    from articles.models import Article

    stories = reverse("admin:articles_article_changelist")
    last_page = max(1, -(-Article.objects.count() // ArticleAdmin.list_per_page))
    return {
        "story_list": stories,
        "story_search": f"{stories}?q={STORY_SEARCH}",
        "story_filter": f"{stories}?state=draft",
        "story_page_2000": f"{stories}?{PAGE_VAR}={min(DEEP_PAGE, last_page)}",
        "story_form": reverse("admin:articles_article_change", args=[story.pk]),
        "story_add": reverse("admin:articles_article_add"),
        "story_history": reverse("admin:articles_article_revisions", args=[story.pk]),
        "story_admin_history": reverse("admin:articles_article_history", args=[story.pk]),
        "film_list": reverse("admin:films_film_changelist"),
        "film_search": f"{reverse('admin:films_film_changelist')}?q={ENTITY_SEARCH}",
        "film_form": reverse("admin:films_film_change", args=[film.pk]),
        "person_list": reverse("admin:films_person_changelist"),
        "person_search": f"{reverse('admin:films_person_changelist')}?q={PERSON_SEARCH}",
        "person_form": reverse("admin:films_person_change", args=[person.pk]),
        "pick_film": autocomplete("articles", "articlefilm", "film", ENTITY_SEARCH),
        "pick_person": autocomplete("articles", "articleperson", "person", PERSON_SEARCH),
        "pick_story": autocomplete("articles", "readmorelink", "target", STORY_SEARCH),
        "pick_author": autocomplete("articles", "byline", "author", PERSON_SEARCH),
        "pick_section": autocomplete("articles", "article", "section", "re"),
        "pick_edition": autocomplete("articles", "article", "festival_editions", "20"),
        "pick_image": autocomplete("articles", "article", "lead_image", "still"),
        "pick_credit_person": autocomplete("films", "credit", "person", PERSON_SEARCH),
        "pick_tag": f"{reverse('admin:articles_article_tag_suggestions')}?q=fe",
    }


def desk_subjects() -> tuple:
    """The busy story, and the film and person with the most credits."""
    from films.models import Film, Person

    return busy_story(), busiest(Film.objects.all(), "credits"), busiest(Person.objects.all(), "credits")


def desk_rows(client, pages: dict[str, str]) -> list[dict]:
    """Each page's figures as the report lists them; a page that does not answer 200 stops the bench."""
    from bench.inprocess import measure

    rows = []
    for page, url in pages.items():
        figures = measure(client, url)
        if figures["status"] != 200:
            sys.exit(f"The desk's {page} page ({url}) answered {figures['status']}")
        rows.append(
            {
                "page": page,
                "url": url,
                "median_ms": figures["render_ms_median"],
                "p95_ms": figures["render_ms_p95"],
                "queries": figures["queries"],
            }
        )
    return rows


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = editor()
    story, film, person = desk_subjects()
    give_history(story, user)
    client = Client()
    client.force_login(user)
    json.dump(desk_rows(client, desk_pages(story, film, person)), sys.stdout)


def desk_table(rows: list[dict]) -> str:
    """The desk's rows as a table, one line a page and size."""
    header = f"{'stories':>7} {'page':<20} {'median_ms':>9} {'p95_ms':>8} {'queries':>7}  url"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['stories']:>7} {row['page']:<20} {row['median_ms']:>9} {row['p95_ms']:>8} "
            f"{row['queries']:>7}  {row['url']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
