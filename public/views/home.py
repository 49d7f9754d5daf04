from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from articles.models import Article, Section
from articles.search import search_articles, search_terms
from core.prepared import PreparedQuery
from films.models import Film, Person
from public import seo
from public.listings import LATEST, StoryWindows, attach_bylines, latest_window, public_cards
from public.rows import CARD_FIELDS
from public.views.stories import ArticleViewMixin

TOP_STORIES = 4
PER_SECTION = 3
MAX_QUERY_LENGTH = 200


def _section_boxes_queryset(section_ids, now, exclude):
    """The newest PER_SECTION public stories of each section, not in `exclude`.

    One small index range per section (section, status, time), joined by UNION: the database
    reads a few index entries per section, however many stories the site holds. (A window
    over the newest stories of the site read 400 whole rows: 6 ms at 100,000 on SQLite.)
    """
    newest = [
        Article.objects.filter(
            pk__in=Article.objects.published(now)
            .filter(section_id=section_id)
            .exclude(pk__in=exclude)
            .order_by("-published_at", "-id")
            .values("pk")[:PER_SECTION]
        ).values("pk")
        for section_id in section_ids
    ]
    return (
        Article.objects.filter(pk__in=newest[0].union(*newest[1:], all=True))
        .only(*CARD_FIELDS)
        .select_related("section", "lead_image")
        .order_by("section__position", "section__name", "-published_at", "-id")
    )


SECTION_IDS = PreparedQuery(lambda: Section.objects.values_list("pk"))
SECTION_BOXES = PreparedQuery(_section_boxes_queryset)
FEATURED = PreparedQuery(lambda now: public_cards(now).filter(featured=True)[:TOP_STORIES])


class HomeView(ArticleViewMixin, ListView):
    template_name = "public/home.html"
    extra_context = {"feed_base": "/", "feed_title": settings.SITE_NAME}

    def get_queryset(self):
        return StoryWindows(latest_window)

    def top_stories(self, now) -> list[Article]:
        return FEATURED(now=now) or LATEST(now=now, start=0, stop=1)

    def section_boxes(self, now, exclude: list[int]) -> list[dict]:
        """The newest few stories of every section, from one windowed query."""
        boxes: dict[int, dict] = {}
        section_ids = [pk for (pk,) in SECTION_IDS()]
        if not section_ids:
            return []
        for article in SECTION_BOXES(section_ids=section_ids, now=now, exclude=exclude):
            boxes.setdefault(article.section_id, {"section": article.section, "articles": []})[
                "articles"
            ].append(article)
        return list(boxes.values())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.page_number(context)
        top = []
        if number == 1:
            now = timezone.now()
            top = self.top_stories(now)
            context["top_stories"] = top
            context["section_boxes"] = self.section_boxes(now, [article.pk for article in top])
        attach_bylines(top, context["object_list"])
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
        return search_articles(Article.objects.published(), self.query).for_listing().only(*CARD_FIELDS)

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
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        f"Sitemap: {settings.SITE_URL}/sitemap-news.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
