"""The issue's yardstick: a bare Django "hello world" (no middleware, database or template).

Issue 6 states its targets for a machine where this reached 5,900 req/s under the same
gunicorn and wrk settings; `make bench` serves it first, so every figure can be read
against this machine's own (bench/__main__.py: `at_reference`).
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"], SECRET_KEY="bench-only", MIDDLEWARE=[]
)


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
