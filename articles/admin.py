import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from taggit.models import Tag
from taggit.utils import parse_tags

from articles.admin_workflow import (
    WHOLE_LIST_PARAMETERS,
    ArticleWorkflowViews,
    AuthorFilter,
    EstimatedCountPaginator,
    MineFilter,
    StatusFilter,
)
from articles.forms import (
    SCHEDULE,
    ArticleAdminForm,
    StaffAccountChoiceField,
    byline_account_choices,
    goes_live,
    mail_to_tag_editors,
    may_add_tags,
    newsroom_zone,
    tags_refused,
)
from articles.models import (
    Article,
    ArticleAutosave,
    ArticleEvent,
    ArticleFilm,
    ArticlePerson,
    Author,
    Byline,
    Correction,
    Embed,
    ReadMoreLink,
    Review,
    Section,
)
from articles.richtext import places_in
from articles.search import headlines_matching
from articles.services import (
    article_delete,
    article_publish,
    article_record_save,
    article_sign_unsigned,
    article_submit,
    article_withdraw,
    user_can_edit_article,
    user_can_publish,
)
from articles.sharing import link_shows, share_path
from articles.widgets import TagSuggestWidget
from images.chooser import CHOOSER_CSS, CHOOSER_JS, ImageChooserMixin, cards_of


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(ImageChooserMixin, admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]

    class Media:
        js = [CHOOSER_JS]
        css = {"all": [CHOOSER_CSS]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # A short list of the staff accounts (and whoever is linked already): the user
            # autocomplete would need the right to browse every account, which editors lack.
            kwargs["form_class"] = StaffAccountChoiceField
            kwargs["queryset"] = byline_account_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StoryPartInline(admin.TabularInline):
    """A row of a story: editable exactly when the story is editable by this user."""

    def get_queryset(self, request):
        # A row's caption names what it links: read with the rows, not a query per row.
        rows = super().get_queryset(request)
        return rows.select_related(*self.autocomplete_fields) if self.autocomplete_fields else rows

    def _story_editable(self, request, obj):
        return obj is None or user_can_edit_article(user=request.user, article=obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._story_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._story_editable(request, obj)


class BylineInline(StoryPartInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["author"]
    verbose_name = "byline"


class ArticleFilmInline(StoryPartInline):
    model = ArticleFilm
    extra = 0
    autocomplete_fields = ["film"]
    fields = ["film", "kind", "position"]


class ReviewInline(StoryPartInline):
    """A review: the one film the story reviews and its rating (shown on the story, the film
    and the review list)."""

    model = Review
    extra = 0
    autocomplete_fields = ["film"]


class ArticlePersonInline(StoryPartInline):
    model = ArticlePerson
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "kind", "position"]


class ReadMoreLinkInline(StoryPartInline):
    model = ReadMoreLink
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["target", "after_paragraph", "label", "position"]


class EmbedInline(StoryPartInline):
    model = Embed
    extra = 0


class CorrectionInline(StoryPartInline, admin.StackedInline):
    template = "admin/edit_inline/stacked.html"

    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowViews, ImageChooserMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "section", "status_label", "published_at", "updated_at"]
    list_filter = [StatusFilter, MineFilter, "section", "featured", AuthorFilter]
    list_select_related = ["section"]
    # 100,000 stories: no second COUNT for "x of y", an estimate when the list is unfiltered.
    show_full_result_count = False
    # Searched through the full-text index: get_search_results.
    search_fields = ["headline", "slug"]
    # A page of 50 (WordPress shows 20) renders in half the time of Django's 100.
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_image", "festival_editions"]
    readonly_fields = ["first_published_at", "created_at", "updated_at", "workflow_history"]
    actions = ["submit_selected", "publish_selected", "withdraw_selected"]
    inlines = [
        BylineInline,
        ArticleFilmInline,
        ReviewInline,
        ArticlePersonInline,
        ReadMoreLinkInline,
        EmbedInline,
        CorrectionInline,
    ]
    # The first fieldset is the writing (the form's main column); the others make its sidebar.
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "base_version"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "section", "featured", "first_published_at", "updated_at"]},
        ),
        ("Lead image", {"fields": ["lead_image", "lead_image_caption"]}),
        ("Links", {"fields": ["tags", "festival_editions", "source_name", "source_url"]}),
        ("Search and sharing", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("Audit trail", {"fields": ["workflow_history"], "classes": ["collapse"]}),
    ]

    class Media:
        js = [
            "newsroom/admin-article.js",
            "newsroom/admin-labels.js",
            "newsroom/admin-sortable.js",
            "newsroom/conflict-merge.js",
            CHOOSER_JS,
        ]
        css = {"all": ["newsroom/admin-desk.css", "newsroom/admin-article.css", CHOOSER_CSS]}

    # -- permissions: the rules of articles.services, enforced on every request --------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or user_can_edit_article(user=request.user, article=obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None or user_can_publish(user=request.user):
            return True
        return obj.status == Article.Status.DRAFT and user_can_edit_article(user=request.user, article=obj)

    def delete_model(self, request, obj):
        article_delete(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete(article=article, by=request.user)

    def has_publish_permission(self, request):
        return user_can_publish(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not user_can_publish(user=request.user):
            # A writer's story goes live only through an editor.
            fields += ["published_at", "featured"]
        return fields

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The admin's queryset is every story (no get_queryset here narrows it) unless the
        # request asks for a filter or a search.
        whole = request.GET.keys() <= WHOLE_LIST_PARAMETERS
        return EstimatedCountPaginator(queryset, per_page, orphans, allow_empty_first_page, whole=whole)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request_user = request.user
        form.restore_data = self.autosave_initial(request, obj)
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagSuggestWidget(
                suggest_url=reverse("admin:articles_article_tag_suggestions"),
                ask_editors=None if may_add_tags(request.user) else mail_to_tag_editors(),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # -- saving: one transaction, one revision, the lock checked by the form ----------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transaction.atomic(using=router.db_for_write(Article)), reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = form.locked.version + 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_record_save(article=form.instance, before=form.before, by=request.user)
        ArticleAutosave.objects.filter(article=form.instance, user=request.user).delete()
        if not change:
            ArticleAutosave.objects.filter(article=None, user=request.user).delete()
            article_sign_unsigned(article=form.instance, by=request.user)

    # After Schedule, the message says when the story goes live instead of "saved successfully".
    def response_add(self, request, obj, post_url_continue=None):
        if not self.said_scheduled(request, obj):
            return super().response_add(request, obj, post_url_continue)
        return self.response_post_save_add(request, obj)

    def response_change(self, request, obj):
        if not self.said_scheduled(request, obj):
            return super().response_change(request, obj)
        return self.response_post_save_change(request, obj)

    def said_scheduled(self, request, obj) -> bool:
        if SCHEDULE not in request.POST or not obj.is_scheduled:
            return False
        message = f"“{obj}” is scheduled: it goes live {goes_live(obj.published_at)}."
        self.message_user(request, message, messages.SUCCESS)
        return True

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        reversion.set_comment(entry.get_change_message() or "Created")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        reversion.set_comment(entry.get_change_message() or "Saved")
        return entry

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        can_edit = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        autosave_url = None
        if can_edit:
            autosave_url = reverse(
                "admin:articles_article_autosave" if obj else "admin:articles_article_autosave_new",
                args=[obj.pk] if obj else [],
            )
        autosave = self.pending_autosave(request, obj) if can_edit and not form.is_bound else None
        # What the editor draws for each picture placed in the text: its thumbnail and description.
        placed = places_in((form["body"].value() if "body" in form.fields else None) or "")
        pictures = {int(value) for kind, value in placed if kind == "image" and value.isdigit()}
        context.update(
            body_pictures=cards_of(pictures),
            suggest_url=reverse("admin:articles_article_suggest_links") if can_edit else None,
            conflict=getattr(form, "conflict", None),
            autosave=autosave,
            autosave_changes=self.autosave_changes(request, obj, autosave) if autosave else [],
            autosave_url=autosave_url,
            restoring_autosave=bool(getattr(form, "restore_data", None)),
            can_schedule=can_edit and user_can_publish(user=request.user),
            newsroom_zone=newsroom_zone(),
        )
        if obj is not None:
            context.update(
                version_url=reverse("admin:articles_article_version", args=[obj.pk]),
                revisions_url=reverse("admin:articles_article_revisions", args=[obj.pk]),
                preview_url=reverse("public:preview", args=[obj.pk]),
                share_url=(
                    request.build_absolute_uri(share_path(obj)) if can_edit and link_shows(obj) else None
                ),
                revoke_url=reverse("admin:articles_article_revoke_share_links", args=[obj.pk]),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- the list ---------------------------------------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        """The list's search and the story pickers find headlines through the full-text index
        (search_fields only turns the search box and the pickers on). The rows come without
        their text: a common word's matches are sorted by date, and bodies would go through
        the sort."""
        if not search_term.strip():
            return queryset, False
        return headlines_matching(queryset, search_term).defer("body", "body_text"), False

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        return "Scheduled" if article.is_scheduled else article.get_status_display()

    @admin.display(description="workflow history")
    def workflow_history(self, article):
        if not article.pk:
            return "—"
        events = article.events.select_related("actor")[:30]
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (e.at.strftime("%Y-%m-%d %H:%M"), e.get_action_display(), e.actor or "—", e.note)
                for e in events
            ),
        )
        return (
            format_html('<table class="workflow-history"><tbody>{}</tbody></table>', rows) if events else "—"
        )

    def _run_action(self, request, queryset, service, done_label: str):
        done, refused = 0, []
        for article in queryset.select_related("section"):
            try:
                service(article=article, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                refused.append(f"“{article}”: {reason}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} {'story' if done == 1 else 'stories'} {done_label}.")
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Publish (or schedule, if the publish time is ahead)", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_action(request, queryset, article_publish, "published or scheduled")

    @admin.action(description="Withdraw from the site", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._run_action(request, queryset, article_withdraw, "withdrawn")

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._run_action(request, queryset, article_submit, "submitted for review")

    def get_urls(self):
        suggestions = path(
            "tag-suggestions/",
            self.admin_site.admin_view(self.tag_suggestions),
            name="articles_article_tag_suggestions",
        )
        return [suggestions, *super().get_urls()]

    def tag_suggestions(self, request):
        """Existing tags starting with what the editor typed (`q`), and those of the tags typed
        so far (`names`) this user may not add, for the tags field: for those who write stories
        (tags of drafts are not for every staff account)."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        prefix = request.GET.get("q", "").strip()
        matches = Tag.objects.filter(name__istartswith=prefix).order_by(Lower("name"))
        names = list(matches.values_list("name", flat=True)[:10]) if prefix else []
        refused = tags_refused(user=request.user, names=parse_tags(request.GET.get("names", "")))
        return JsonResponse({"tags": names, "new": refused})


@admin.register(ArticleEvent)
class ArticleEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, for everyone who may see stories."""

    list_display = ["at", "action", "story", "actor", "note"]
    list_filter = ["action"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__headline", "story_headline", "note"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
