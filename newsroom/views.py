from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.views.generic import ListView

from articles.views import ArticleViewMixin


class HomeView(ArticleViewMixin, ListView):
    template_name = "newsroom/home.html"
    extra_context = {"feed_base": "/", "feed_title": settings.SITE_NAME}


def healthz(request):
    """For load balancers: answers 200 only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
