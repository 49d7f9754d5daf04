from datetime import date, timedelta
from io import BytesIO

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import (
    Article,
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
from films.models import (
    Credit,
    Festival,
    FestivalEdition,
    Film,
    Person,
    Release,
    ReleaseType,
    Role,
    Screening,
)
from images.models import Image


def jpeg_bytes(size=(64, 48), color=(200, 30, 60)) -> bytes:
    out = BytesIO()
    PillowImage.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="still.jpg"))
    alt_text = factory.Sequence(lambda n: f"A still from film {n}")
    caption = "A caption"
    credit = "A studio"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class FilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Film

    title = factory.Sequence(lambda n: f"Film {n}")
    slug = factory.Sequence(lambda n: f"film-{n}")
    release_year = 2018


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    film = factory.SubFactory(FilmFactory)
    country = "US"
    type = ReleaseType.THEATRICAL
    date = date(2019, 4, 12)


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    role = Role.DIRECTOR


class FestivalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Festival

    name = factory.Sequence(lambda n: f"Festival {n}")
    short_name = factory.Sequence(lambda n: f"F{n}")
    slug = factory.Sequence(lambda n: f"festival-{n}")


class FestivalEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FestivalEdition

    festival = factory.SubFactory(FestivalFactory)
    year = 2018
    slug = factory.Sequence(lambda n: f"edition-{n}")


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screening

    film = factory.SubFactory(FilmFactory)
    edition = factory.SubFactory(FestivalEditionFactory)
    premiere = "world"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    dek = "What happened, in one sentence."
    body = "<p>First paragraph.</p><p>Second paragraph.</p><p>Third paragraph.</p>"
    section = factory.SubFactory(SectionFactory, slug="news", name="News")
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            Byline.objects.create(article=self, author=author, position=position)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    article = factory.SubFactory(ArticleFactory)
    film = factory.SubFactory(FilmFactory)
    rating = "3.5"


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(AuthorFactory)


class ArticleFilmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleFilm

    article = factory.SubFactory(ArticleFactory)
    film = factory.SubFactory(FilmFactory)


class ArticlePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticlePerson

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)


class ReadMoreLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadMoreLink

    article = factory.SubFactory(ArticleFactory)
    target = factory.SubFactory(ArticleFactory)


class EmbedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Embed

    article = factory.SubFactory(ArticleFactory)
    url = "https://www.youtube.com/watch?v=abcdefghijk"
    title = "A trailer"


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    note = "An earlier version misspelled a name."
