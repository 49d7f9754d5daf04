from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from films.importer import additions, changes, clashes, fetch, fetch_poster, import_film, namesakes, said
from films.models import Credit, Festival, FestivalEdition, Film, Person, Release, Screening
from films.sources import SourceError
from films.sources.tmdb import ATTRIBUTION
from images.chooser import CHOOSER_CSS, CHOOSER_JS, ImageChooserMixin


class DeskMedia:
    """The desk's forms share inline tables that fit at any width, whose fields are named for
    screen readers, and rows ordered by drag and drop (or Move up / down from the keyboard)."""

    css = {"all": ["newsroom/admin-desk.css", CHOOSER_CSS]}
    js = ["newsroom/admin-labels.js", "newsroom/admin-sortable.js", CHOOSER_JS]


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    fields = ["person", "role", "character", "note", "billing_order"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        # A row's caption names the person and the film: read with the rows, not per row.
        return super().get_queryset(request).select_related("person", "film")


class PersonCreditInline(CreditInline):
    """The same credits seen from the person: their filmography."""

    fields = ["film", "role", "character", "note", "billing_order"]
    autocomplete_fields = ["film"]
    extra = 0


class ReleaseInline(admin.TabularInline):
    model = Release
    extra = 0
    fields = ["country", "type", "date", "certification", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film")


class ScreeningInline(admin.TabularInline):
    model = Screening
    extra = 0
    fields = ["edition", "date", "premiere", "programme"]
    autocomplete_fields = ["edition"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("film", "edition__festival")


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
    inlines = [CreditInline, ReleaseInline, ScreeningInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "release_year", "runtime_minutes", "distributor"]},
        ),
        ("About", {"fields": ["synopsis", "poster"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id", "wikidata_id"], "classes": ["collapse"]}),
    ]

    def get_urls(self):
        fill = self.admin_site.admin_view(self.fill_view)
        return [path("<int:pk>/fill/", fill, name="films_film_fill"), *super().get_urls()]

    def fill_view(self, request, pk):
        """Fill the film in from TMDb or Wikidata: first what would change (the values an editor
        gave it that would be replaced stand out), then, on confirm, all of it at once."""
        film = get_object_or_404(Film, pk=pk)
        if not self.has_change_permission(request, film):
            raise PermissionDenied
        default = (
            f"tmdb:{film.tmdb_id}"
            if film.tmdb_id
            else f"wikidata:{film.wikidata_id}"
            if film.wikidata_id
            else ""
        )
        reference = (request.POST if request.method == "POST" else request.GET).get("reference", default)
        context = {
            **self.admin_site.each_context(request),
            "film": film,
            "reference": reference,
            "title": f"Fill {film} from TMDb / Wikidata",
            "tmdb_notice": ATTRIBUTION,
            "opts": self.opts,
        }
        if reference and (request.method == "POST" or "reference" in request.GET):
            try:
                data = fetch(reference)
                if request.method == "POST":
                    wanted = request.POST.get("poster") and not film.poster_id
                    alike = namesakes(data)
                    import_film(data, film, poster=fetch_poster(data) if wanted else None)
                    self.message_user(request, f"{film} was filled in from {data.source}.", messages.SUCCESS)
                    if alike:
                        note = f"Check whether these are one person: {'; '.join(alike)}."
                        self.message_user(request, note, messages.WARNING)
                    return redirect("admin:films_film_change", film.pk)
            except (SourceError, ValidationError) as error:
                self.message_user(request, f"Nothing was changed: {said(error)}", messages.ERROR)
            else:
                diff = changes(film, data)
                context.update(data=data, changes=diff, additions=additions(film, data),
                               overwrites=[change for change in diff if change.overwrites],
                               namesakes=namesakes(data), clashes=clashes(film, data))  # fmt: skip
        return TemplateResponse(request, "admin/films/film/fill.html", context)


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


class FestivalEditionForm(forms.ModelForm):
    """An edition's slug, left empty, is made from its festival's slug and its year (tiff-2018)."""

    class Meta:
        model = FestivalEdition
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Leave empty to make it from the festival and year: tiff-2018."

    def clean(self):
        cleaned = super().clean()
        festival, year = cleaned.get("festival"), cleaned.get("year")
        if "slug" in self.fields and not cleaned.get("slug") and festival and year:
            cleaned["slug"] = f"{festival.slug}-{year}"
        return cleaned


class EditionInline(admin.TabularInline):
    model = FestivalEdition
    form = FestivalEditionForm
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
    form = FestivalEditionForm
    list_display = ["__str__", "start_date", "end_date", "location"]
    list_filter = ["festival", "year"]
    list_select_related = ["festival"]
    search_fields = ["festival__name", "festival__short_name", "slug", "year"]
    autocomplete_fields = ["festival"]
    inlines = [EditionScreeningInline]
