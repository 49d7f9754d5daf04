"""Old addresses of live stories, wherever they were.

A story's earlier address in this site's own scheme reaches the story view, and a
one-segment address the section view: both ask `old_address`. An address from the site
before that matches no view at all (an imported WordPress permalink such as
/2019/03/her-smell/) is answered here, when the site would say 404. A view's own 404 (a
page number that cannot exist, say) is left alone: it is decided before any query.
"""

from django.http import HttpResponsePermanentRedirect

from articles.models import ArticleRedirect
from core.pagecache.keys import add_surrogate_keys, key

OLD_PATH_LENGTH = ArticleRedirect._meta.get_field("old_path").max_length


def old_address(path: str) -> HttpResponsePermanentRedirect | None:
    """301 to the story that used to live at `path`, if it is public."""
    # No stored address is that long or holds a NUL (which PostgreSQL refuses in a query).
    if len(path) > OLD_PATH_LENGTH or "\x00" in path:
        return None
    old = ArticleRedirect.objects.filter(old_path=path).select_related("article__section").first()
    if old and old.article.is_published:
        response = HttpResponsePermanentRedirect(old.article.get_absolute_url())
        return add_surrogate_keys(response, {key(old.article)})
    return None


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unmatched = getattr(request, "resolver_match", None) is None
        if response.status_code == 404 and unmatched and request.method in ("GET", "HEAD"):
            return old_address(request.path) or response
        return response
