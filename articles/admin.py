from django.contrib import admin
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.urls import path, reverse
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleFilm,
    ArticlePerson,
    Author,
    Byline,
    Correction,
    Embed,
    ReadMoreLink,
    Section,
)
from articles.widgets import TagSuggestWidget


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["author"]
    verbose_name = "byline"


class ArticleFilmInline(admin.TabularInline):
    model = ArticleFilm
    extra = 0
    autocomplete_fields = ["film"]


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    extra = 0
    autocomplete_fields = ["person"]


class ReadMoreLinkInline(admin.TabularInline):
    model = ReadMoreLink
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["target", "after_paragraph", "label", "position"]


class EmbedInline(admin.TabularInline):
    model = Embed
    extra = 0


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "status_label", "published_at", "updated_at"]
    list_filter = ["status", "section", "featured", ("bylines__author", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["section"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "slug", "dek"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_image", "festival_editions"]
    readonly_fields = ["first_published_at", "created_at", "updated_at"]
    inlines = [
        BylineInline,
        ArticleFilmInline,
        ArticlePersonInline,
        ReadMoreLinkInline,
        EmbedInline,
        CorrectionInline,
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "section", "body"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_caption"]}),
        ("Links", {"fields": ["tags", "festival_editions", "source_name", "source_url"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "featured", "first_published_at", "updated_at"]},
        ),
        ("Search and sharing", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagSuggestWidget(suggest_url=reverse("admin:articles_article_tag_suggestions"))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        suggestions = path(
            "tag-suggestions/",
            self.admin_site.admin_view(self.tag_suggestions),
            name="articles_article_tag_suggestions",
        )
        return [suggestions, *super().get_urls()]

    def tag_suggestions(self, request):
        """Existing tags starting with what the editor typed, for the tags field."""
        prefix = request.GET.get("q", "").strip()
        matches = Tag.objects.filter(name__istartswith=prefix).order_by(Lower("name"))
        names = list(matches.values_list("name", flat=True)[:10]) if prefix else []
        return JsonResponse({"tags": names})

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        return "Scheduled" if article.is_scheduled else article.get_status_display()
