from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csp import csp_override
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.embeds import PLAYER_ORIGINS
from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    Byline,
    Section,
    TaggedArticle,
)
from articles.richtext import place_in_body
from articles.sharing import article_id_from_token
from core.pagination import UncountedPaginator
from core.prepared import PreparedQuery, attach
from public import seo
from public.listings import LinkedStories, StoryWindows, attach_bylines
from public.related import (
    RELATED_LIMIT,
    film_boxes,
    more_on_label,
    related_stories,
)
from public.rows import CARD_FIELDS
from public.story_page import StoryPage, public_story, story_page, story_queryset


class ArticleViewMixin:
    """Policy shared by every public list of stories: the published rule, order, page size."""

    paginate_by = 20
    paginator_class = UncountedPaginator

    def get_queryset(self):
        return Article.objects.published().for_listing().only(*CARD_FIELDS)

    def paginate_queryset(self, queryset, page_size):
        # ListView reads "?page=last" as the page count, which an uncounted list never knows.
        if self.paginator_class is UncountedPaginator and self.request.GET.get(self.page_kwarg) == "last":
            raise Http404("This list has no last page")
        return super().paginate_queryset(queryset, page_size)

    def page_number(self, context) -> int:
        page = context.get("page_obj")
        return page.number if page else 1


def by_slug(objects):
    """A query builder for the one object of `objects` with a given slug."""
    return lambda slug: objects.filter(slug=slug)[:1]


class EntityArticleListView(ArticleViewMixin, ListView):
    """A page about one thing (film, person, tag...) listing the public stories linked to it.

    Its feeds live under its own address: `<page>feed/`, `<page>feed/atom/`, `<page>feed/json/`.
    """

    entity_queryset = None  # the page's objects, looked up by slug (no prefetch_related)
    # Rows the page shows of its object: name -> (model, build(entity_id) -> QuerySet).
    entity_relations: dict = {}
    stories: LinkedStories  # the public stories linked to the page's object
    context_entity_name = "entity"
    kind_label = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.entity_queryset is not None:
            cls.entity_by_slug = PreparedQuery(by_slug(cls.entity_queryset))
            cls.relation_queries = {
                name: (model, PreparedQuery(build)) for name, (model, build) in cls.entity_relations.items()
            }

    def get(self, request, *args, **kwargs):
        found = self.entity_by_slug(slug=kwargs["slug"])
        if not found:
            raise Http404("Nothing here by that name")
        self.entity = found[0]
        for name, (model, query) in self.relation_queries.items():
            attach(self.entity, name, model, query(entity_id=self.entity.pk))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return StoryWindows(partial(self.stories.window, self.entity.pk))

    def get_entity_url(self) -> str:
        return self.entity.get_absolute_url()

    def entity_title(self) -> str:
        return str(self.entity)

    def entity_description(self) -> str:
        return f"Film news and stories about {self.entity_title()}."

    def breadcrumb_trail(self) -> list[tuple[str, str]]:
        return [("Home", "/"), (self.entity_title(), self.get_entity_url())]

    def get_seo(self, context) -> seo.PageMeta:
        title, path = seo.paged(self.entity_title(), self.get_entity_url(), self.page_number(context))
        return seo.PageMeta(
            title=seo.page_title(title),
            description=seo.summary(self.entity_description()),
            path=path,
            json_ld=[seo.breadcrumbs(self.breadcrumb_trail())],
        )

    def get_context_data(self, **kwargs):
        feeds = {"feed_base": self.get_entity_url(), "feed_title": f"{self.entity} – {settings.SITE_NAME}"}
        context = super().get_context_data(**{self.context_entity_name: self.entity, **feeds, **kwargs})
        attach_bylines(context["object_list"])
        context["seo"] = self.get_seo(context)
        return context


class SectionArticleListView(EntityArticleListView):
    entity_queryset = Section.objects.all()
    stories = LinkedStories("section_id")
    context_entity_name = "section"
    template_name = "articles/section_detail.html"

    def entity_description(self) -> str:
        return self.entity.description or super().entity_description()


class TagArticleListView(EntityArticleListView):
    entity_queryset = Tag.objects.all()
    stories = LinkedStories("tagged_items__tag_id", (TaggedArticle, "tag_id", "content_object_id"))
    context_entity_name = "tag"
    template_name = "articles/tag_detail.html"

    def get_entity_url(self) -> str:
        return reverse("public:tag", kwargs={"slug": self.entity.slug})

    def entity_title(self) -> str:
        return f"Stories tagged “{self.entity.name}”"

    def entity_description(self) -> str:
        return f"Film news, interviews and reviews tagged “{self.entity.name}”."


class AuthorArticleListView(EntityArticleListView):
    entity_queryset = Author.objects.select_related("photo")
    stories = LinkedStories("bylines__author_id", (Byline, "author_id", "article_id"))
    context_entity_name = "author"
    template_name = "articles/author_detail.html"

    def entity_description(self) -> str:
        return self.entity.bio or f"Stories by {self.entity.name}."


def interleave_body(page: StoryPage) -> list[dict]:
    """Body blocks with READ MORE links and embeds placed after the paragraph the editor chose."""
    inline = [(link.after_paragraph, {"read_more": link}) for link in page.read_more if link.after_paragraph]
    embeds = [(embed.after_paragraph, {"embed": embed}) for embed in page.embeds]
    return place_in_body(page.article.body, inline + embeds)


def story_policy() -> dict:
    """Readers' Content-Security-Policy, plus framing the embed players' hosts: only story pages
    frame a player, and only after the reader asks (articles/embeds.py)."""
    return {**settings.SECURE_CSP, "frame-src": list(PLAYER_ORIGINS)}


class StoryContextMixin:
    """A story's page; `self.page` holds what it shows (public/story_page.py)."""

    def dispatch(self, request, *args, **kwargs):
        return csp_override(story_policy())(super().dispatch)(request, *args, **kwargs)

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    page: StoryPage

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.page
        picks = [link.target for link in page.read_more if not link.after_paragraph]
        inline = {link.target.pk for link in page.read_more if link.after_paragraph}
        related = related_stories(
            page.article, exclude={target.pk for target in picks} | inline, limit=RELATED_LIMIT - len(picks)
        )
        context.update(
            authors=page.authors,
            tags=page.tags,
            people=page.people,
            corrections=page.corrections,
            body_parts=interleave_body(page),
            more_on=picks + related,
            more_on_label=more_on_label(page),
            film_boxes=film_boxes(page),
            has_embeds=any(embed.player for embed in page.embeds),
            # Readers see "Updated" for a published correction or update, not for any save.
            last_correction=([None, *page.corrections])[-1],
            seo=self.get_seo(page),
        )
        return context

    def get_seo(self, page: StoryPage) -> seo.PageMeta:
        article = page.article
        image = seo.share_image(article.lead_image)
        path = article.get_absolute_url()
        published = article.first_published_at or article.published_at
        extra = [("article:section", article.section.name)]
        if published:
            extra.append(("article:published_time", published.isoformat()))
            extra.append(("article:modified_time", article.updated_at.isoformat()))
        extra += [("article:tag", tag.name) for tag in page.tags]
        return seo.PageMeta(
            title=seo.page_title(article.seo_title or article.headline),
            description=seo.summary(article.seo_description or article.dek or article.body_text),
            path=path,
            og_type="article",
            image=image,
            json_ld=[
                seo.news_article(
                    article,
                    image,
                    authors=page.authors,
                    keywords=[tag.name for tag in page.tags],
                    films=[(film.title, film.url) for film in page.films],
                    people=[(person.name, person.url) for person in page.people],
                ),
                seo.breadcrumbs(
                    [
                        ("Home", "/"),
                        (article.section.name, article.section.get_absolute_url()),
                        (article.headline, path),
                    ]
                ),
            ]
            if published
            else [],
            noindex=not article.is_published,
            extra_og=extra,
        )


class ArticleDetailView(StoryContextMixin, DetailView):
    def day_bounds(self) -> tuple[datetime, datetime]:
        try:
            day = date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except ValueError:
            raise Http404("No such date") from None
        start = timezone.make_aware(datetime.combine(day, time.min))
        return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))

    def get_object(self, queryset=None):
        self.page = public_story(self.kwargs["slug"], *self.day_bounds())
        return self.page.article if self.page else None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object is None:
            return self.missing_story(request)
        if self.object.section.slug != kwargs["section"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def missing_story(self, request):
        """An old address of a live story redirects; a withdrawn story is Gone; else 404."""
        old = ArticleRedirect.objects.filter(old_path=request.path).select_related("article__section").first()
        if old and old.article.is_published:
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

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        self.page = story_page(article)
        return article

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response({**context, "is_preview": True}, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ArticleSharePreviewView(ArticlePreviewView):
    """A draft through a signed link that expires (articles.sharing): no account needed."""

    def get_object(self, queryset=None):
        try:
            pk = article_id_from_token(self.kwargs["token"])
        except signing.BadSignature:
            raise Http404("This preview link is not valid or has expired.") from None
        article = get_object_or_404(story_queryset(), pk=pk)
        self.page = story_page(article)
        return article

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Referrer-Policy"] = "no-referrer"  # keeps the token out of other sites' logs
        return response
