import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()

# Imported after setup: it reads settings and the cache.
from core.pagecache.middleware import CachedPagesApp  # noqa: E402

# Cached anonymous pages are answered before Django's handler (core/pagecache/middleware.py).
application = CachedPagesApp(django_application)
