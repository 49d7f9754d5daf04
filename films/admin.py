from django.contrib import admin

from films.models import Credit, Festival, FestivalEdition, Film, Person, Screening
from images.chooser import CHOOSER_CSS, CHOOSER_JS, ImageChooserMixin


class DeskMedia:
    """The desk's forms share inline tables that fit at any width and rows ordered by drag
    and drop (or Move up / down from the keyboard)."""

    css = {"all": ["newsroom/admin-desk.css", CHOOSER_CSS]}
    js = ["newsroom/admin-sortable.js", CHOOSER_JS]


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    fields = ["person", "role", "character", "note", "billing_order"]
    autocomplete_fields = ["person"]


class PersonCreditInline(CreditInline):
    """The same credits seen from the person: their filmography."""

    fields = ["film", "role", "character", "note", "billing_order"]
    autocomplete_fields = ["film"]
    extra = 0


class ScreeningInline(admin.TabularInline):
    model = Screening
    extra = 0
    fields = ["edition", "date", "premiere", "programme"]
    autocomplete_fields = ["edition"]


class EditionScreeningInline(ScreeningInline):
    fields = ["film", "date", "premiere", "programme"]
    autocomplete_fields = ["film"]


@admin.register(Film)
class FilmAdmin(ImageChooserMixin, admin.ModelAdmin):
    Media = DeskMedia
    list_display = ["title", "release_year", "distributor", "updated_at"]
    list_filter = ["release_year"]
    search_fields = ["title", "slug", "imdb_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["poster"]
    inlines = [CreditInline, ScreeningInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "release_year", "release_date", "runtime_minutes", "distributor"]},
        ),
        ("About", {"fields": ["synopsis", "poster"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id", "wikidata_id"], "classes": ["collapse"]}),
    ]


@admin.register(Person)
class PersonAdmin(ImageChooserMixin, admin.ModelAdmin):
    Media = DeskMedia
    list_display = ["name", "birth_date", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["headshot"]
    inlines = [PersonCreditInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "birth_date", "bio", "headshot"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id", "wikidata_id"], "classes": ["collapse"]}),
    ]


class EditionInline(admin.TabularInline):
    model = FestivalEdition
    extra = 0
    fields = ["year", "slug", "start_date", "end_date", "location"]
    show_change_link = True


@admin.register(Festival)
class FestivalAdmin(admin.ModelAdmin):
    Media = DeskMedia
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [EditionInline]


@admin.register(FestivalEdition)
class FestivalEditionAdmin(admin.ModelAdmin):
    Media = DeskMedia
    list_display = ["__str__", "start_date", "end_date", "location"]
    list_filter = ["festival", "year"]
    list_select_related = ["festival"]
    search_fields = ["festival__name", "festival__short_name", "slug", "year"]
    autocomplete_fields = ["festival"]
    inlines = [EditionScreeningInline]
