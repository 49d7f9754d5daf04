"""The site's answer when something breaks: 503 while the database is away, 500 otherwise."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500. Django calls it inside the failed request's except block."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        # Rendered without context processors: they might need the database too.
        page = loader.get_template("503.html").render({"site_name": settings.SITE_NAME})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)
