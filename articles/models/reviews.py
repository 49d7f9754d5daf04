"""A story that is a critic's review of one film, with a rating on the site's scale."""

from django.db import models

from articles.models.article import Article
from articles.ratings import rating_choices, site_scale


class Review(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="review")
    film = models.ForeignKey("films.Film", on_delete=models.CASCADE, related_name="reviews")
    rating = models.CharField(
        max_length=3,
        choices=rating_choices,
        help_text="On the site's scale (REVIEW_RATING_SCALE: stars out of 5, or letter grades).",
    )

    class Meta:
        indexes = [models.Index(fields=["film", "article"])]

    def __str__(self):
        return f"Review of {self.film}: {self.rating}"

    @property
    def shown(self) -> str:
        return site_scale().shown(self.rating)

    @property
    def spoken(self) -> str:
        return site_scale().spoken(self.rating)
