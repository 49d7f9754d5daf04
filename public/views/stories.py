import json
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csp import csp_override
from django.views.generic import DetailView, ListView
from markupsafe import Markup
from taggit.models import Tag

from articles.embeds import PLAYER_ORIGINS
from articles.models import AUTHOR_LINKS, TAG_LINKS, Article, Author, Section
from articles.sharing import link_shows, story_from_token
from core.pagecache.fragments import cached
from core.pagecache.keys import add_surrogate_keys, key
from core.pagination import UncountedPaginator, requested_page
from core.text import summary
from public import seo
from public.fragments import ids_of, newest_public_ids, story_fragments
from public.listings import LinkedStories, require_public_story
from public.middleware import old_address
from public.story_page import cached_story_page, public_story_address, story_page_parts


class ArticleViewMixin:
    """Policy shared by every public list of stories: the published rule, order, page size.

    The list pages through story ids (`get_queryset()`); its cards come from the fragment
    store, the missing ones rendered from one query (public/fragments.py)."""

    paginate_by = 20
    paginator_class = UncountedPaginator
    card_kind = "card"

    def dispatch(self, request, *args, **kwargs):
        # A page that cannot exist is a 404 before any query (dispatch runs before get()).
        requested_page(request.GET.get(self.page_kwarg))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return newest_public_ids()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = story_fragments(context["object_list"], self.card_kind)
        return context

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
    # A template of the top of the page, kept with the page's head as a fragment (its object
    # is then looked up alone, and loaded from `entity_queryset` only to render it).
    header_template = ""

    def get(self, request, *args, **kwargs):
        found = self.entity_queryset.model.objects.all() if self.header_template else self.entity_queryset
        self.entity = get_object_or_404(found, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def header_context(self) -> dict:
        """What the header template shows besides the page's object."""
        return {}

    def get_queryset(self):
        return ids_of(self.stories.of(self.entity.pk))

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
            description=summary(self.entity_description()) or seo.DEFAULT_DESCRIPTION,
            path=path,
            json_ld=[seo.breadcrumbs(self.breadcrumb_trail())],
        )

    def get_context_data(self, **kwargs):
        feeds = {"feed_base": self.get_entity_url(), "feed_title": f"{self.entity} – {settings.SITE_NAME}"}
        context = super().get_context_data(**{self.context_entity_name: self.entity, **feeds, **kwargs})
        require_public_story(self.entity, context["object_list"])
        if self.header_template:
            context["header"], context["seo"] = self.cached_header(context)
        else:
            context["seo"] = self.get_seo(context)
        return context

    def cached_header(self, context: dict) -> tuple[Markup, seo.PageHead]:
        """The top of the page and its head, from the fragment store or rendered and kept."""

        def load(missing: list[int]) -> dict:
            return self.entity_queryset.in_bulk(missing)

        def render(entity) -> str:
            self.entity = entity
            shown = {**context, self.context_entity_name: entity, **self.header_context()}
            header = render_to_string(self.header_template, shown)
            return json.dumps({"header": header, "head": self.get_seo(shown).head()})

        number = self.page_number(context)
        name = f"{self.context_entity_name}-header:{self.entity.pk}:{number}"
        parts = json.loads(cached({self.entity.pk: name}, load, render)[self.entity.pk])
        return Markup(parts["header"]), seo.PageHead.of(parts["head"])


class SectionArticleListView(EntityArticleListView):
    entity_queryset = Section.objects.all()
    stories = LinkedStories("section")
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
    stories = LinkedStories(TAG_LINKS)
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
    stories = LinkedStories(AUTHOR_LINKS)
    context_entity_name = "author"
    template_name = "articles/author_detail.html"

    def entity_description(self) -> str:
        return self.entity.bio or f"Stories by {self.entity.name}."


def story_policy() -> dict:
    """Readers' Content-Security-Policy, plus framing the embed players' hosts: only story pages
    frame a player, and only after the reader asks (articles/embeds.py)."""
    return {**settings.SECURE_CSP, "frame-src": list(PLAYER_ORIGINS)}


class StoryContextMixin:
    """A story's page: its parts (public/story_page.py) in the site's frame."""

    def dispatch(self, request, *args, **kwargs):
        return csp_override(story_policy())(super().dispatch)(request, *args, **kwargs)

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["story"] = story = story_page_parts(self.object, is_preview=self.is_preview)
        context["seo"] = story["head"]
        return context


class ArticleDetailView(StoryContextMixin, DetailView):
    def day_bounds(self) -> tuple[datetime, datetime]:
        try:
            day = date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
            # The day after 9999-12-31, or a zone offset past year 1, is beyond datetime's range.
            start = timezone.make_aware(datetime.combine(day, time.min))
            return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
        except (ValueError, OverflowError):
            raise Http404("No such date") from None

    is_preview = False

    def get(self, request, *args, **kwargs):
        self.object = public_story_address(self.kwargs["slug"], *self.day_bounds())
        if self.object is None:
            return self.missing_story(request)
        if self.object.section.slug != kwargs["section"]:
            return add_surrogate_keys(redirect(self.object, permanent=True), {key(self.object)})
        story = cached_story_page(self.object.pk)
        return self.render_to_response({"story": story, "seo": story["head"]})

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

    is_preview = True

    def get_queryset(self):
        if not self.request.user.has_perm("articles.change_article"):
            raise Http404
        return Article.objects.with_story_parts().with_linked_entities()

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
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
