from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleFilm,
    ArticlePerson,
    ArticleRedirect,
    Author,
    ReadMoreLink,
    Section,
)
from articles.richtext import split_blocks


class ArticleViewMixin:
    """Policy shared by every public list of stories: the published rule, order, page size."""

    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class EntityArticleListView(ArticleViewMixin, ListView):
    """A page about one thing (film, person, tag...) listing the public stories linked to it.

    Its feeds live under its own address: `<page>feed/`, `<page>feed/atom/`, `<page>feed/json/`.
    """

    entity_queryset = None
    context_entity_name = "entity"

    def get(self, request, *args, **kwargs):
        self.entity = get_object_or_404(self.entity_queryset, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_entity_url(self) -> str:
        return self.entity.get_absolute_url()

    def get_context_data(self, **kwargs):
        feeds = {"feed_base": self.get_entity_url(), "feed_title": f"{self.entity} – {settings.SITE_NAME}"}
        return super().get_context_data(**{self.context_entity_name: self.entity, **feeds, **kwargs})


class SectionArticleListView(EntityArticleListView):
    entity_queryset = Section.objects.all()
    context_entity_name = "section"
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        return super().get_queryset().filter(section=self.entity)


class TagArticleListView(EntityArticleListView):
    entity_queryset = Tag.objects.all()
    context_entity_name = "tag"
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        return super().get_queryset().filter(tagged_items__tag=self.entity)

    def get_entity_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.entity.slug})


class AuthorArticleListView(EntityArticleListView):
    entity_queryset = Author.objects.select_related("photo")
    context_entity_name = "author"
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        return super().get_queryset().filter(bylines__author=self.entity)


def story_queryset():
    """A story with everything its page shows, in a fixed number of queries."""
    return Article.objects.for_listing().prefetch_related(
        "tags",
        Prefetch("film_links", queryset=ArticleFilm.objects.select_related("film__poster")),
        Prefetch("person_links", queryset=ArticlePerson.objects.select_related("person__headshot")),
        Prefetch(
            "read_more_links",
            queryset=ReadMoreLink.objects.filter(target__in=Article.objects.published()).select_related(
                "target__section"
            ),
        ),
        "embeds",
        "corrections",
    )


def interleave_body(article: Article) -> list[dict]:
    """Body blocks with READ MORE links and embeds placed after the paragraph the editor chose."""
    blocks = split_blocks(article.body)
    inserts: dict[int, list[dict]] = {}
    for link in article.read_more_links.all():
        if link.after_paragraph:
            inserts.setdefault(min(link.after_paragraph, len(blocks)), []).append({"read_more": link})
    for embed in article.embeds.all():
        position = min(embed.after_paragraph or len(blocks), len(blocks))
        inserts.setdefault(position, []).append({"embed": embed})
    parts = inserts.get(0, [])
    for number, block in enumerate(blocks, start=1):
        parts.append({"html": block})
        parts.extend(inserts.get(number, []))
    return parts


class StoryContextMixin:
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["body_parts"] = interleave_body(article)
        context["more_links"] = [link for link in article.read_more_links.all() if not link.after_paragraph]
        return context


class ArticleDetailView(StoryContextMixin, DetailView):
    def day_bounds(self) -> tuple[datetime, datetime]:
        try:
            day = date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except ValueError:
            raise Http404("No such date") from None
        start = timezone.make_aware(datetime.combine(day, time.min))
        return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))

    def get_object(self, queryset=None):
        start, end = self.day_bounds()
        return (
            story_queryset()
            .published()
            .filter(slug=self.kwargs["slug"], published_at__gte=start, published_at__lt=end)
            .first()
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object is None:
            return self.missing_story(request)
        if self.object.section.slug != kwargs["section"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def missing_story(self, request):
        """An old address of a live story redirects; a withdrawn story is Gone; else 404."""
        moved = ArticleRedirect.objects.filter(old_path=request.path, article__in=Article.objects.published())
        if old := moved.select_related("article__section").first():
            return HttpResponsePermanentRedirect(old.article.get_absolute_url())
        start, end = self.day_bounds()
        withdrawn = Article.objects.filter(
            status=Article.Status.WITHDRAWN,
            slug=self.kwargs["slug"],
            published_at__gte=start,
            published_at__lt=end,
        )
        if withdrawn.exists():
            return TemplateResponse(request, "410.html", status=410)
        raise Http404("No such story")


class ArticlePreviewView(StoryContextMixin, DetailView):
    """Any story, as readers will see it, for staff who may edit stories. Never cached."""

    def get_queryset(self):
        if not self.request.user.has_perm("articles.change_article"):
            raise Http404
        return story_queryset()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response({**context, "is_preview": True}, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
