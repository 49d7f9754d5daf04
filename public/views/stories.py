from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csp import csp_override
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.embeds import PLAYER_ORIGINS
from articles.models import Article, Author, Byline, Section, TaggedArticle
from articles.related import RELATED_LIMIT
from articles.sharing import link_shows, story_from_token
from core.pagecache.keys import key, tag
from core.pagination import UncountedPaginator, requested_page
from public import seo
from public.listings import LinkedStories, public_cards, require_public_story
from public.middleware import old_address
from public.related import film_boxes, related_stories
from public.reviews import story_review
from public.story_page import body_images, more_on_label, public_story, story_parts


class ArticleViewMixin:
    """Policy shared by every public list of stories: the published rule, order, page size."""

    paginate_by = 20
    paginator_class = UncountedPaginator

    def dispatch(self, request, *args, **kwargs):
        # A page that cannot exist is a 404 before any query (dispatch runs before get()).
        requested_page(request.GET.get(self.page_kwarg))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return public_cards()

    def page_number(self, context) -> int:
        page = context.get("page_obj")
        return page.number if page else 1

def by_slug(objects):
    """A query builder for the one object of `objects` with a given slug (the feeds' lookup)."""
    return lambda slug: objects.filter(slug=slug)[:1]


class EntityArticleListView(ArticleViewMixin, ListView):
    """A page about one thing (film, person, tag...) listing the public stories linked to it.

    Its feeds live under its own address: `<page>feed/`, `<page>feed/atom/`, `<page>feed/json/`.
    """

    entity_queryset = None  # the page's objects, with what the page shows of them, by slug
    stories: LinkedStories  # the public stories linked to the page's object
    context_entity_name = "entity"
    kind_label = ""

    def get(self, request, *args, **kwargs):
        self.entity = get_object_or_404(self.entity_queryset, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.stories.of(self.entity.pk)

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
        require_public_story(self.entity, context["object_list"])
        context["seo"] = self.get_seo(context)
        return context


class SectionArticleListView(EntityArticleListView):
    entity_queryset = Section.objects.all()
    stories = LinkedStories("section_id")
    context_entity_name = "section"
    template_name = "articles/section_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A one-segment address that is no section may be a story's old address
            # (WordPress's /%postname%/ permalinks).
            if moved := old_address(request.path):
                return moved
            raise

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


def story_policy() -> dict:
    """Readers' Content-Security-Policy, plus framing the embed players' hosts: only story pages
    frame a player, and only after the reader asks (articles/embeds.py)."""
    return {**settings.SECURE_CSP, "frame-src": list(PLAYER_ORIGINS)}


class StoryContextMixin:
    """A story's page, from a story loaded with `with_story_parts()` and `with_linked_entities()`."""

    def dispatch(self, request, *args, **kwargs):
        return csp_override(story_policy())(super().dispatch)(request, *args, **kwargs)

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        body_parts, box = story_parts(article, article.body, body_images([article]))
        picks = [link.target for link in box]
        related = related_stories(
            article,
            exclude={link.target_id for link in article.public_read_more},
            limit=RELATED_LIMIT - len(picks),
        )
        corrections = article.correction_list
        context.update(
            authors=article.byline_authors,
            tags=article.tag_list,
            people=[link.person for link in article.person_links.all()],
            festival_editions=list(article.festival_editions.all()),
            corrections=corrections,
            body_parts=body_parts,
            more_on=picks + related,
            more_on_label=more_on_label(article),
            film_boxes=film_boxes(article),
            has_embeds=any(embed.player for embed in article.embed_list),
            # Readers see "Updated" for a published correction or update, not for any save.
            last_correction=([None, *corrections])[-1],
            review=story_review(article),
            seo=self.get_seo(article),
        )
        return context

    def get_seo(self, article: Article) -> seo.PageMeta:
        image = seo.share_image(article.lead_image)
        path = article.get_absolute_url()
        published = article.first_published_at or article.published_at
        tags = article.tag_list
        extra = [("article:section", article.section.name)]
        if published:
            extra.append(("article:published_time", published.isoformat()))
            extra.append(("article:modified_time", article.updated_at.isoformat()))
        extra += [("article:tag", tag.name) for tag in tags]
        return seo.PageMeta(
            title=seo.page_title(article.seo_title or article.headline),
            description=article.description or seo.DEFAULT_DESCRIPTION,
            path=path,
            og_type="article",
            image=image,
            json_ld=[
                seo.review(article, image) if story_review(article) else seo.news_article(article, image),
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
            # The day after 9999-12-31, or a zone offset past year 1, is beyond datetime's range.
            start = timezone.make_aware(datetime.combine(day, time.min))
            return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
        except (ValueError, OverflowError):
            raise Http404("No such date") from None

    def get_object(self, queryset=None):
        return public_story(self.kwargs["slug"], *self.day_bounds())

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object is None:
            return self.missing_story(request)
        if self.object.section.slug != kwargs["section"]:
            return tag(redirect(self.object, permanent=True), {key(self.object)})
        return self.render_to_response(self.get_context_data(object=self.object))

    def missing_story(self, request):
        """An old address of a live story redirects; a withdrawn story readers saw is Gone (a
        story withdrawn before it went live never existed for them); else 404."""
        if moved := old_address(request.path):
            return moved
        start, end = self.day_bounds()
        withdrawn = Article.objects.filter(
            status=Article.Status.WITHDRAWN,
            slug=self.kwargs["slug"],
            published_at__gte=start,
            published_at__lt=end,
            first_published_at__lte=timezone.now(),
        )
        if withdrawn.exists():
            return TemplateResponse(request, "410.html", status=410)
        raise Http404("No such story")


class ArticlePreviewView(StoryContextMixin, DetailView):
    """Any story, as readers will see it, for staff who may edit stories. Never cached."""

    def get_queryset(self):
        if not self.request.user.has_perm("articles.change_article"):
            raise Http404
        return Article.objects.with_story_parts().with_linked_entities()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response({**context, "is_preview": True}, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ArticleSharePreviewView(ArticlePreviewView):
    """An unpublished story through a signed link that expires (articles.sharing): no account
    needed. A revoked link, or one to a withdrawn story, is a 404; a public story's link leads to
    its page."""

    def get_object(self, queryset=None):
        try:
            pk, version = story_from_token(self.kwargs["token"])
        except signing.BadSignature:
            raise Http404("This preview link is not valid or has expired.") from None
        stories = Article.objects.with_story_parts().with_linked_entities()
        return get_object_or_404(stories, pk=pk, share_links_version=version)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_published:
            response = redirect(self.object)
            add_never_cache_headers(response)
            return response
        if not link_shows(self.object):
            raise Http404("This story is no longer shared.")
        return self.render_to_response(self.get_context_data(object=self.object))

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["Referrer-Policy"] = "no-referrer"  # keeps the token out of other sites' logs
        return response
