"""Films, the people who make them, their credits, releases and festival screenings."""

from datetime import date

from django.core.validators import RegexValidator
from django.db import models
from django_countries.fields import CountryField

from core.addresses import cached_reverse
from core.matching import MatchKeyField

# The form of each public database's ids.
IMDB_ID, TMDB_ID, WIKIDATA_ID = r"(tt|nm)[0-9]{7,10}", r"[1-9][0-9]{0,9}", r"Q[1-9][0-9]{0,11}"
ID_NAMES = {"tmdb_id": "TMDb", "imdb_id": "IMDb", "wikidata_id": "Wikidata"}


def external_id(database: str, form: str, rule: str, example: str) -> models.CharField:
    """An id in a public database, blank or of that database's own `form` (`rule` says it)."""
    return models.CharField(
        f"{database} id",
        max_length=20,
        blank=True,
        help_text=f"e.g. {example}",
        validators=[RegexValidator(rf"^{form}\Z", rule)],
    )


class ExternalIds(models.Model):
    """Identifiers in public databases; they become schema.org `sameAs` links, so only values
    of each database's own form are taken (not an address, not a path)."""

    imdb_id = external_id("IMDb", IMDB_ID, "An IMDb id is tt or nm and digits.", "tt6769280")
    tmdb_id = external_id("TMDb", TMDB_ID, "A TMDb id is a number.", "550")
    wikidata_id = external_id("Wikidata", WIKIDATA_ID, "A Wikidata id is Q and a number.", "Q55605340")

    class Meta:
        abstract = True

    @staticmethod
    def one_row_per_id(kind: str) -> list[models.UniqueConstraint]:
        """Constraints for a concrete model's Meta: an id names one film (or one person);
        rows without an id of that kind are many."""
        return [
            models.UniqueConstraint(
                fields=[field],
                condition=~models.Q(**{field: ""}),
                name=f"{kind}_{field}_unique",
                violation_error_message=f"Another {kind} already has this {name} id.",
            )
            for field, name in ID_NAMES.items()
        ]

    @property
    def external_links(self) -> list[tuple[str, str]]:
        """(database, address) of each id the object has: links on its page, `sameAs` in JSON-LD."""
        return [
            (name, url)
            for name, url, value in (
                ("IMDb", f"https://www.imdb.com/{self.imdb_path}/{self.imdb_id}/", self.imdb_id),
                ("TMDb", f"https://www.themoviedb.org/{self.tmdb_path}/{self.tmdb_id}", self.tmdb_id),
                ("Wikidata", f"https://www.wikidata.org/wiki/{self.wikidata_id}", self.wikidata_id),
            )
            if value
        ]

    @property
    def same_as(self) -> list[str]:
        return [url for _name, url in self.external_links]


class Person(ExternalIds):
    imdb_path = "name"
    tmdb_path = "person"

    name = models.CharField(max_length=200, db_index=True)
    # The name folded for link suggestions (articles/suggestions.py): "jose garcia" finds José García.
    match_key = MatchKeyField(source="name")
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    bio = models.TextField(blank=True)
    headshot = models.ForeignKey(
        "images.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    birth_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        get_latest_by = "updated_at"
        constraints = ExternalIds.one_row_per_id("person")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("public:person", slug=self.slug)


class Film(ExternalIds):
    imdb_path = "title"
    tmdb_path = "movie"

    title = models.CharField(max_length=200, db_index=True)
    match_key = MatchKeyField(source="title")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text="Add the year when titles clash: a-star-is-born-2018.",
    )
    release_year = models.PositiveSmallIntegerField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    synopsis = models.TextField(blank=True)
    poster = models.ForeignKey(
        "images.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    distributor = models.CharField(max_length=200, blank=True)
    people = models.ManyToManyField(Person, through="Credit", related_name="films")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "release_year"]
        get_latest_by = "updated_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(release_year__isnull=True) | models.Q(release_year__gte=1870),
                name="film_release_year_plausible",
            ),
            *ExternalIds.one_row_per_id("film"),
        ]

    def __str__(self):
        return f"{self.title} ({self.release_year})" if self.release_year else self.title

    def get_absolute_url(self):
        return cached_reverse("public:film", slug=self.slug)


class ReleaseType(models.IntegerChoices):
    """TMDb's six release types, with TMDb's numbers (its release_dates `type`)."""

    PREMIERE = 1, "Premiere"
    LIMITED = 2, "Limited theatrical"
    THEATRICAL = 3, "Theatrical"
    DIGITAL = 4, "Digital"
    PHYSICAL = 5, "Physical"
    TV = 6, "TV"


# Countries readers name by their initials: "in US theaters", "in the UK".
COUNTRY_INITIALS = {"US": "US", "GB": "UK"}


class ReleaseQuerySet(models.QuerySet):
    def opening(self, country: str, first_day: date, last_day: date) -> "ReleaseQuerySet":
        """Releases in `country` from `first_day` to `last_day` (inclusive), in date order, with
        their films: the calendar's one query."""
        return (
            self.filter(country=country, date__range=(first_day, last_day))
            .select_related("film")
            .order_by("date", "type", "film__title", "id")
        )


class Release(models.Model):
    """A film opening in one country, one way, on one day: what the release calendar lists."""

    Type = ReleaseType

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="releases")
    country = CountryField(help_text="Where it opens (ISO 3166-1 country).")
    type = models.PositiveSmallIntegerField(choices=ReleaseType.choices, default=ReleaseType.THEATRICAL)
    date = models.DateField()
    certification = models.CharField(max_length=20, blank=True, help_text='The rating there, e.g. "R".')
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text='e.g. the festival of a premiere: "Toronto International Film Festival".',
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["date", "type", "id"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(
                fields=["film", "country", "type", "date"], name="release_unique_per_day"
            ),
            models.CheckConstraint(condition=models.Q(type__gte=1, type__lte=6), name="release_type_known"),
        ]
        # The calendar's question: what opens in one country between two dates.
        indexes = [models.Index(fields=["country", "date"])]

    def __str__(self):
        return f"{self.film} – {self.get_type_display()} – {self.country.code} {self.date:%Y-%m-%d}"

    @property
    def details(self) -> str:
        """The note and rating as one line of text (feeds, calendars): "Venice. Rated R"."""
        rating = f"Rated {self.certification}" if self.certification else ""
        return ". ".join(part for part in (self.note, rating) if part)

    @property
    def label(self) -> str:
        """How readers are told of it, before its date: "In US theaters", "Premiere in Canada"."""
        initials = COUNTRY_INITIALS.get(self.country.code)
        place = f"the {initials}" if initials else self.country.name
        match self.type:
            case ReleaseType.PREMIERE:
                return f"Premiere in {place}"
            case ReleaseType.LIMITED | ReleaseType.THEATRICAL:
                limited = " (limited)" if self.type == ReleaseType.LIMITED else ""
                return (f"In {initials} theaters" if initials else f"In theaters in {place}") + limited
            case ReleaseType.DIGITAL:
                return f"On digital in {place}"
            case ReleaseType.PHYSICAL:
                return f"On disc in {place}"
            case _:
                return f"On TV in {place}"


class Role(models.TextChoices):
    DIRECTOR = "director", "Director"
    WRITER = "writer", "Writer"
    CAST = "cast", "Cast"
    PRODUCER = "producer", "Producer"
    COMPOSER = "composer", "Composer"
    SONGWRITER = "songwriter", "Original songs"
    CINEMATOGRAPHER = "cinematographer", "Cinematographer"
    EDITOR = "editor", "Editor"
    PRODUCTION_DESIGNER = "production_designer", "Production designer"
    COSTUME_DESIGNER = "costume_designer", "Costume designer"


class Credit(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=30, choices=Role.choices)
    character = models.CharField(max_length=200, blank=True, help_text="Cast only.")
    note = models.CharField(
        max_length=200, blank=True, help_text='A short qualifier, e.g. "songs for Something She".'
    )
    billing_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower comes first; cast is listed in this order."
    )

    class Meta:
        ordering = ["film", "role", "billing_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="cast") | models.Q(character=""),
                name="credit_character_only_for_cast",
            ),
            models.UniqueConstraint(
                fields=["film", "person", "role", "character"], name="credit_unique_per_role"
            ),
        ]
        indexes = [models.Index(fields=["person", "film"])]

    def __str__(self):
        label = self.get_role_display()
        if self.character:
            label = f"{label} ({self.character})"
        return f"{self.person} – {label} – {self.film}"


class Festival(models.Model):
    name = models.CharField(max_length=200, help_text="Toronto International Film Festival")
    short_name = models.CharField(max_length=30, blank=True, help_text="TIFF")
    slug = models.SlugField(max_length=100, unique=True, help_text="tiff")
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class FestivalEdition(models.Model):
    festival = models.ForeignKey(Festival, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveSmallIntegerField()
    slug = models.SlugField(max_length=120, unique=True, help_text="Festival and year: tiff-2018.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    films = models.ManyToManyField(Film, through="Screening", related_name="festival_editions")

    class Meta:
        ordering = ["-year", "festival__name"]
        get_latest_by = "start_date"
        constraints = [
            models.UniqueConstraint(fields=["festival", "year"], name="one_edition_per_year"),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="edition_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.festival} {self.year}"

    def get_absolute_url(self):
        return cached_reverse("public:festival", slug=self.slug)


class Premiere(models.TextChoices):
    WORLD = "world", "World premiere"
    INTERNATIONAL = "international", "International premiere"
    NORTH_AMERICAN = "north_american", "North American premiere"
    US = "us", "US premiere"
    CANADIAN = "canadian", "Canadian premiere"
    EUROPEAN = "european", "European premiere"
    NONE = "", "Screening"


class Screening(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="screenings")
    edition = models.ForeignKey(FestivalEdition, on_delete=models.CASCADE, related_name="screenings")
    date = models.DateField(null=True, blank=True)
    premiere = models.CharField(max_length=20, choices=Premiere.choices, blank=True)
    programme = models.CharField(
        max_length=100, blank=True, help_text='The festival strand, e.g. "Platform".'
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.film} at {self.edition}"
