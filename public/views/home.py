from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import ListView
from markupsafe import Markup

from articles.models import Article, Section
from articles.search import search_articles, search_terms
from core.addresses import absolute_url
from core.pagecache.fragments import cached
from core.pagecache.keys import add_surrogate_keys, every
from films.models import Film, Person
from public import seo
from public.fragments import ids_of, newest_public_ids, story_fragments, story_fragments_by_id
from public.middleware import old_address
from public.views.stories import ArticleViewMixin

TOP_STORIES = 4
PER_SECTION = 3
MAX_QUERY_LENGTH = 200


def section_boxes(now, exclude: list[int]) -> list[dict]:
    """The newest PER_SECTION public stories of each section, not in `exclude`, as story links
    (from the fragment store, the missing ones from one query).

    The sections query picks each box's stories by id, one correlated subquery per place in
    the box (a small index range on section, status, time), so the database reads a few index
    entries per section however many stories the site holds, and the query does not grow with
    the number of sections (one UNION member per section cost more to build than to run).
    """
    newest = (
        Article.objects.published(now)
        .exclude(pk__in=exclude)
        .filter(section_id=OuterRef("pk"))
        .order_by("-published_at", "-id")
        .values("pk")
    )
    places = {f"place_{n}": Subquery(newest[n : n + 1]) for n in range(PER_SECTION)}
    sections = Section.objects.order_by("position", "name").only("name", "slug").annotate(**places)
    boxes = [(section, [getattr(section, place) for place in places]) for section in sections]
    boxes = [(section, [pk for pk in ids if pk]) for section, ids in boxes]
    links = story_fragments_by_id([pk for _, ids in boxes for pk in ids], "link")
    boxes = [(section, [links[pk] for pk in ids if pk in links]) for section, ids in boxes]
    return [{"section": section, "links": shown} for section, shown in boxes if shown]


def top_of_home() -> Markup:
    """The top stories and the section boxes, kept as a fragment: every story entering or
    leaving the public ones purges it (it records that it picks among all stories)."""

    def render(now) -> str:
        every("articles.Article")
        newest = newest_public_ids(now)
        top = list(newest.filter(featured=True)[:TOP_STORIES]) or list(newest[:1])
        context = {"section_boxes": section_boxes(now, top)}
        if top:
            context["top_stories"] = top
            context["lead_story"] = next(iter(story_fragments(top[:1], "lead")), "")
            context["top_links"] = story_fragments(top[1:], "link")
        return render_to_string("public/home_top.html", context)

    return Markup(cached({"top": "home-top"}, lambda missing: {"top": timezone.now()}, render)["top"])


class HomeView(ArticleViewMixin, ListView):
    template_name = "public/home.html"
    extra_context = {"feed_base": "/", "feed_title": settings.SITE_NAME}

    def get(self, request, *args, **kwargs):
        # A WordPress site's /?p=ID address of an imported story (wordpress/importer.py).
        post = request.GET.get("p", "")
        if post.isascii() and post.isdigit() and len(post) < 20:
            if moved := old_address(f"/?p={int(post)}"):
                return moved
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.page_number(context)
        if number == 1:
            context["top"] = top_of_home()
        title, path = seo.paged("Latest stories", "/", number)
        context["seo"] = seo.PageMeta(
            title=f"{settings.SITE_NAME}: film news, interviews and reviews"
            if number == 1
            else seo.page_title(title),
            description="Film news, interviews, reviews and festival coverage, updated daily.",
            path=path,
            json_ld=[seo.website()] if number == 1 else [],
        )
        return context


class SearchView(ArticleViewMixin, ListView):
    """Stories by full-text relevance (FTS5 or PostgreSQL), plus films and people by name."""

    template_name = "public/search.html"
    paginate_by = 10
    # Results are capped (articles/search.py), so counting them is cheap and worth showing.
    paginator_class = Paginator

    def get(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
        self.terms = search_terms(self.query)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return ids_of(search_articles(Article.objects.published(), self.query))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        films = people = []
        if self.terms and self.page_number(context) == 1:
            name = " ".join(self.terms)
            films = list(Film.objects.filter(title__icontains=name).select_related("poster")[:8])
            people = list(Person.objects.filter(name__icontains=name).select_related("headshot")[:8])
        context.update(query=self.query, films=films, people=people, has_terms=bool(self.terms))
        title = f"Search results for “{self.query}”" if self.query else "Search"
        context["seo"] = seo.PageMeta(
            title=seo.page_title(title),
            description="Search film news, films and people.",
            path="/search/",
            noindex=True,
        )
        return context


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(reverse('public:sitemap-index'))}",
        f"Sitemap: {absolute_url(reverse('public:sitemap-news'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    return add_surrogate_keys(response, {"robots"})
