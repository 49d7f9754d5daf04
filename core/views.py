from django.db import connection
from django.http import HttpResponse

from core.pagecache.purge import page_store


def healthz(request):
    """For load balancers: 200 only when the database answers. A page cache that does not
    answer is reported but keeps the server in service: pages are then served uncached."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    try:
        page_store().healthy()
    except Exception as error:  # any failure of the store is the same news for operators
        report = f"ok, degraded: page cache unavailable ({type(error).__name__})"
        return HttpResponse(report, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
