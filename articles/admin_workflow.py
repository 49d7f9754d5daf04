"""The story admin's workflow pieces: list filters, a paginator for big tables, and the
extra views of the change form (version poll, autosave, link suggestions, revisions, dashboard).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from reversion.models import Version

from articles.forms import plain_text
from articles.models import Article, ArticleAutosave, Author, Byline
from articles.revisions import compare_states, live_state, revision_state
from articles.services import (
    KEPT_ON_RESTORE,
    article_restore_revision,
    article_revoke_share_links,
    staff_name,
)
from articles.suggestions import find_mentions

# Past this many rows an estimate reads as well as an exact count, and costs nothing.
ESTIMATE_ABOVE = 10_000


# A page number or an ordering narrows nothing: with no other parameter, a list shows every row.
WHOLE_LIST_PARAMETERS = {"p", "o"}


class EstimatedCountPaginator(Paginator):
    """A list of every row (`whole`) on PostgreSQL counts from the planner's statistics, not
    COUNT(*). A ModelAdmin says which lists those are (get_paginator)."""

    def __init__(self, object_list, per_page, *args, whole: bool = False, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.whole = whole

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and self.whole:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > ESTIMATE_ABOVE:
                return int(row[0])
        return super().count

    def page(self, number):
        """The page's ids first, then its rows by id: a deep page (2,000 of 100,000 stories)
        skips narrow index entries, not whole rows (PostgreSQL sorted every story for it)."""
        page = super().page(number)
        page.object_list = self.object_list.filter(pk__in=page.object_list.values("pk"))
        return page


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        return {
            "draft": lambda: queryset.filter(status=Article.Status.DRAFT),
            "review": lambda: queryset.filter(status=Article.Status.REVIEW),
            "scheduled": queryset.scheduled,
            "live": queryset.published,
            "withdrawn": lambda: queryset.filter(status=Article.Status.WITHDRAWN),
        }.get(self.value(), lambda: queryset)()


def written_by(user) -> Q:
    return Q(created_by=user) | Q(Exists(Byline.objects.filter(article=OuterRef("pk"), author__user=user)))


class MineFilter(admin.SimpleListFilter):
    title = "writer"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "My stories")]

    def queryset(self, request, queryset):
        return queryset.filter(written_by(request.user)) if self.value() == "1" else queryset


class AuthorFilter(admin.SimpleListFilter):
    """By byline, with EXISTS rather than a join, so the list needs no DISTINCT."""

    title = "byline"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return list(Author.objects.values_list("pk", "name"))

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        return queryset.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author_id=self.value())))


# Live link suggestions read this much of the text: a long story's names are in its first pages.
SUGGEST_TEXT_LIMIT = 200_000

# Fields an autosave may put back into the form; never the workflow ones.
RESTORABLE_FIELDS = ["headline", "slug", "dek", "section", "body", "lead_image", "lead_image_caption",
                     "tags", "source_name", "source_url", "seo_title", "seo_description"]  # fmt: skip


class ArticleWorkflowViews:
    """Mixed into ArticleAdmin: the URLs its change form and dashboard use."""

    def get_urls(self):
        def view(func):
            return self.admin_site.admin_view(func)

        info = "articles_article"
        return [
            path("dashboard/", view(self.dashboard_view), name=f"{info}_dashboard"),
            path("autosave/", view(self.autosave_view), name=f"{info}_autosave_new"),
            path("autosave/discard/", view(self.autosave_discard_view), name=f"{info}_autosave_new_discard"),
            path("suggest-links/", view(self.suggest_links_view), name=f"{info}_suggest_links"),
            path("<int:pk>/version/", view(self.version_view), name=f"{info}_version"),
            path("<int:pk>/autosave/", view(self.autosave_view), name=f"{info}_autosave"),
            path(
                "<int:pk>/autosave/discard/",
                view(self.autosave_discard_view),
                name=f"{info}_autosave_discard",
            ),
            path(
                "<int:pk>/share-links/revoke/",
                view(self.revoke_share_links_view),
                name=f"{info}_revoke_share_links",
            ),
            path("<int:pk>/revisions/", view(self.revisions_view), name=f"{info}_revisions"),
            path("<int:pk>/revisions/compare/", view(self.compare_view), name=f"{info}_compare"),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{info}_restore",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, pk: int, *, edit: bool = False) -> Article:
        article = get_object_or_404(Article.objects.select_related("section"), pk=pk)
        if edit and not self.has_change_permission(request, article):
            raise PermissionDenied
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def version_view(self, request, pk):
        """What the change form polls: has someone saved since I opened it?"""
        article = self._article(request, pk)
        latest = Version.objects.get_for_object(article).select_related("revision__user__author").first()
        user = latest.revision.user if latest else None
        return JsonResponse(
            {
                "version": article.version,
                "saved_by": staff_name(user) or None,
                "saved_at": article.updated_at.isoformat(),
            }
        )

    @staticmethod
    def _posted_fields(request) -> dict[str, list[str]]:
        return {key: values for key, values in request.POST.lists() if key != "csrfmiddlewaretoken"}

    def autosave_view(self, request, pk=None):
        """Keeps the form as the editor left it, per editor; never touches the story itself."""
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            article = None
        else:
            article = self._article(request, pk, edit=True)
        data = self._posted_fields(request)
        base = (data.get("base_version") or [""])[0]
        autosave, _ = ArticleAutosave.objects.update_or_create(
            article=article,
            user=request.user,
            defaults={"data": data, "base_version": int(base) if base.isdigit() else None},
        )
        return JsonResponse({"saved_at": autosave.saved_at.isoformat()})

    def autosave_discard_view(self, request, pk=None):
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        ArticleAutosave.objects.filter(article_id=pk, user=request.user).delete()
        if pk is None:
            return HttpResponseRedirect(reverse("admin:articles_article_add"))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def pending_autosave(self, request, article: Article | None) -> ArticleAutosave | None:
        """The editor's autosave of this form, if it is newer than the story's last save."""
        autosave = ArticleAutosave.objects.filter(article=article, user=request.user).first()
        if autosave and (article is None or autosave.saved_at > article.updated_at):
            return autosave
        return None

    def autosave_changes(self, request, article: Article | None, autosave: ArticleAutosave) -> list[str]:
        """The labels of the fields the autosave holds differently from the story (or from the
        empty add form), so the banner can say what Restore would bring back."""
        data = QueryDict(mutable=True)
        for name, values in autosave.data.items():
            data.setlist(name, values)
        form = self.get_form(request, article)(data=data, instance=article or Article())
        labels = []
        for name in RESTORABLE_FIELDS:
            if name not in form.fields:
                continue
            if name == "body":  # the editor's markup may differ from the stored one for the same text
                changed = plain_text(form[name].value()) != plain_text(form[name].initial)
            else:
                changed = name in form.changed_data
            if changed:
                labels.append(form[name].label)
        return labels

    def autosave_initial(self, request, article: Article | None) -> dict:
        """Form values from the autosave, when the editor asked to restore it."""
        if request.method != "GET" or request.GET.get("autosave") != "restore":
            return {}
        autosave = ArticleAutosave.objects.filter(article=article, user=request.user).first()
        if autosave is None:
            return {}
        return {name: autosave.data[name] for name in RESTORABLE_FIELDS if name in autosave.data}

    def suggest_links_view(self, request):
        """Films and people the text being typed names, less those the form already links;
        the form asks as the writer types (static/newsroom/admin-article.js)."""
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        text = request.POST.get("text", "")[:SUGGEST_TEXT_LIMIT]
        linked = {kind: set(request.POST.getlist(kind)) for kind in ("film", "person")}
        return JsonResponse(
            {
                "suggestions": [
                    {"kind": m.kind, "id": m.entity.pk, "name": str(m.entity)}
                    for m in find_mentions(text)
                    if str(m.entity.pk) not in linked[m.kind]
                ]
            }
        )

    def revoke_share_links_view(self, request, pk):
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        article = self._article(request, pk, edit=True)
        article_revoke_share_links(article=article, by=request.user)
        self.message_user(
            request, "Every share link of this story handed out so far now fails.", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        versions = Version.objects.get_for_object(article).select_related("revision__user__author")
        return self._story_page(
            request,
            article,
            "revisions.html",
            f"Revisions of “{article}”",
            versions=versions,
            can_restore=self.has_change_permission(request, article),
        )

    def _version(self, article: Article, version_id) -> Version:
        try:
            versions = Version.objects.get_for_object(article).select_related("revision__user__author")
            return versions.get(pk=version_id)
        except (Version.DoesNotExist, ValueError):
            raise Http404("No such revision of this story") from None

    def _story_page(self, request, article, template: str, title: str, **extra):
        """One of the admin's pages about a story (its revisions, a comparison, a restore)."""
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": article, **extra}
        return TemplateResponse(request, f"admin/articles/article/{template}", {**context, "title": title})

    def compare_view(self, request, pk):
        """Two revisions side by side, field by field and link by link."""
        article = self._article(request, pk)
        old = self._version(article, request.GET.get("a"))
        new = self._version(article, request.GET.get("b"))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        diffs = compare_states(revision_state(old), revision_state(new))
        return self._story_page(
            request,
            article,
            "revision_compare.html",
            f"Compare revisions of “{article}”",
            old=old,
            new=new,
            diffs=diffs,
            unchanged=[diff.field for diff in diffs if not diff.changed],
            before_heading=revision_heading(old),
            after_heading=revision_heading(new),
            can_restore=self.has_change_permission(request, article),
        )

    def restore_view(self, request, pk, version_id):
        """GET: what Restore would change in the story as it is now, and a button to confirm.
        POST: restore."""
        article = self._article(request, pk, edit=True)
        version = self._version(article, version_id)
        if request.method != "POST":
            diffs = compare_states(live_state(article), revision_state(version))
            return self._story_page(
                request,
                article,
                "restore_confirm.html",
                f"Restore an earlier revision of “{article}”?",
                version=version,
                before_heading="The story now",
                after_heading=f"After restoring {revision_heading(version)}",
                # Restore keeps the story's status and dates; only what it would change is shown.
                diffs=[diff for diff in diffs if diff.changed and diff.name not in KEPT_ON_RESTORE],
            )
        try:
            article_restore_revision(article=article, version=version, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, "The revision was restored, links included.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def dashboard_view(self, request):
        """Stories waiting for an editor, and stories that will go live by themselves."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Newsroom dashboard",
            **workflow_dashboard(),
        }
        return TemplateResponse(request, "admin/articles/article/dashboard.html", context)


def revision_heading(version: Version) -> str:
    """A revision as a column heading: when, in the newsroom's zone, and by whom."""
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    return f"{when} ({staff_name(version.revision.user) or 'unknown'})"


def workflow_dashboard(limit: int = 50) -> dict:
    base = Article.objects.select_related("section", "created_by__author")
    return {
        "in_review": list(base.filter(status=Article.Status.REVIEW).order_by("-updated_at")[:limit]),
        "scheduled": list(base.scheduled().order_by("published_at")[:limit]),
    }
