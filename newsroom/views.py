from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from articles.models import Article
from articles.search import search_articles, search_terms
from articles.views import LISTING_DEFERRED, ArticleViewMixin
from films.models import Film, Person
from newsroom import seo

TOP_STORIES = 4
PER_SECTION = 3
# The per-section boxes look at the newest stories only, so the home page costs the same
# with a thousand stories or a million.
SECTION_WINDOW = 400
MAX_QUERY_LENGTH = 200


class HomeView(ArticleViewMixin, ListView):
    template_name = "newsroom/home.html"
    extra_context = {"feed_base": "/", "feed_title": settings.SITE_NAME}

    def top_stories(self) -> list[Article]:
        published = Article.objects.published().for_listing().defer(*LISTING_DEFERRED)
        return list(published.filter(featured=True)[:TOP_STORIES]) or list(published[:1])

    def section_boxes(self, exclude: set[int]) -> list[dict]:
        """The newest few stories of every section, from one windowed query."""
        # Ordered on the public index alone, so the database reads just these rows; the outer
        # query then looks them up by id (a second published() would make SQLite walk the
        # whole public index instead: 13 ms at 100,000 stories).
        recent = Article.objects.published().order_by("-published_at").values("pk")[:SECTION_WINDOW]
        rows = (
            Article.objects.filter(pk__in=recent)
            .exclude(pk__in=exclude)
            .defer(*LISTING_DEFERRED)
            .select_related("section", "lead_image")
            .annotate(
                row=Window(
                    RowNumber(),
                    partition_by=[F("section_id")],
                    order_by=[F("published_at").desc(), F("id").desc()],
                )
            )
            .filter(row__lte=PER_SECTION)
            .order_by("section__position", "section__name", "row")
        )
        boxes: dict[int, dict] = {}
        for article in rows:
            boxes.setdefault(article.section_id, {"section": article.section, "articles": []})[
                "articles"
            ].append(article)
        return list(boxes.values())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.page_number(context)
        if number == 1:
            top = self.top_stories()
            context["top_stories"] = top
            context["section_boxes"] = self.section_boxes({article.pk for article in top})
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

    template_name = "newsroom/search.html"
    paginate_by = 10
    # Results are capped (articles/search.py), so counting them is cheap and worth showing.
    paginator_class = Paginator

    def get(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
        self.terms = search_terms(self.query)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return search_articles(super().get_queryset(), self.query)

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


def healthz(request):
    """For load balancers: answers 200 only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
