"""The critics' reviews, newest first, each with its film and rating (`/film-reviews/`)."""

from django.conf import settings
from django.views.generic import ListView

from public import seo
from public.fragments import ids_of
from public.reviews import public_reviews
from public.views.stories import ArticleViewMixin

REVIEWS_PATH = "/film-reviews/"


class ReviewListView(ArticleViewMixin, ListView):
    template_name = "public/reviews.html"
    extra_context = {"feed_base": REVIEWS_PATH, "feed_title": f"Reviews – {settings.SITE_NAME}"}

    card_kind = "review"

    def get_queryset(self):
        return ids_of(public_reviews())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        title, path = seo.paged("Reviews", REVIEWS_PATH, self.page_number(context))
        context["seo"] = seo.PageMeta(
            title=seo.page_title(title),
            description="Our critics on the films that matter, with their ratings.",
            path=path,
        )
        return context
