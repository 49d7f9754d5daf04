"""Settings for the newsroom, read from the environment (see DESIGN.md "Environment").

One module for every deployment: development, tests and production differ only in
environment variables, so what is tested is what runs.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def load_dotenv(path: Path) -> None:
    """Local overrides written by `make run` (DEBUG, SECRET_KEY); real environment wins."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip())


load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (e.g. SECRET_KEY=... make run).")
    SECRET_KEY = "development-only-key-never-used-with-debug-off"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
# Absolute addresses (feeds, sitemaps, JSON-LD); `PORT=8001 make run` serves them on its port.
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Reel Dispatch")
# The site's account on X/Twitter (e.g. @reeldispatch), named in link previews' twitter:site;
# none when unset.
TWITTER_SITE = os.environ.get("TWITTER_SITE", "")
# How critics rate films (articles/ratings.py): "stars" (out of 5, in halves) or "letters" (F to A+).
REVIEW_RATING_SCALE = os.environ.get("REVIEW_RATING_SCALE", "stars")
if REVIEW_RATING_SCALE not in ("stars", "letters"):
    raise ImproperlyConfigured("REVIEW_RATING_SCALE must be 'stars' or 'letters'.")
# Film data (films/sources/): TMDb needs a key (https://www.themoviedb.org/settings/api);
# the addresses are settings so tests can point them at a local server.
TMDB_API_KEY = os.environ.get("TMDB_API_KEY", "")
TMDB_API_URL = os.environ.get("TMDB_API_URL", "https://api.themoviedb.org/3")
TMDB_IMAGE_URL = os.environ.get("TMDB_IMAGE_URL", "https://image.tmdb.org/t/p")
WIKIDATA_API_URL = os.environ.get("WIKIDATA_API_URL", "https://www.wikidata.org/w/api.php")
FILM_SOURCE_TIMEOUT = 15
CSRF_TRUSTED_ORIGINS = [SITE_URL] if SITE_URL.startswith("https://") else []

INSTALLED_APPS = [
    # Django's admin, with its own content security policy (core/admin_site.py).
    "core.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "taggit",
    "reversion",
    "axes",
    "django_prose_editor",
    "django_tasks_db",
    # Lowest first; imports only go down this list (import-linter, `make check`).
    "core",
    "images",
    "films",
    "articles",
    "public",
    "demo",
    "wordpress",
]

MIDDLEWARE = [
    # First, so an entry is the response as sent (security headers included) and a cached
    # anonymous page costs no work below it; newsroom/wsgi.py replays entries before Django.
    "core.pagecache.middleware.PageCacheMiddleware",
    # Next, so a 404 becomes the 301 of a story's old address before the cache stores it.
    "public.middleware.OldAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into a clear page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Throttles admin sign-in against brute force before the real check runs.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Ten failed sign-ins from one address (an IPv6 client's /64), whatever the usernames, pause
# sign-in from it for 15 minutes: one password tried against many accounts counts like many
# passwords against one. Ten on one account, from any addresses, pause that account for the
# addresses it never signed in from (core/signin.py), so its owner is never locked out.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours, from the last failure
AXES_LOCKOUT_PARAMETERS = "core.signin.lockout_parameters"
# Off: signing in to one's own account would otherwise clear the address's count.
AXES_RESET_ON_SUCCESS = False
# The client's address behind a proxy (core/clientip.py); the proxies trusted to name it are
# the ones gunicorn trusts for X-Forwarded-Proto (gunicorn.conf.py).
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1"])
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Widgets may use project templates (templates/admin/...), like pages do.
FORM_RENDERER = "core.forms.DjangoTemplatesRenderer"

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

# Readers' pages are Jinja2 (jinja2/; newsroom/templating.py, and each app's extension), found first;
# the admin, django-axes' lock-out page and the sitemaps' XML stay Django templates (templates/).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.templating.environment",
            "extensions": [
                "core.jinja2tags.CoreExtension",
                "images.jinja2tags.ImagesExtension",
                "public.jinja2tags.PublicExtension",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "core.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# SQLite is the embedded default; WAL, a busy timeout and IMMEDIATE transactions make
# concurrent writers queue instead of failing with "database is locked". Connections persist
# on both databases: opening an SQLite connection (pragmas, Django's SQL functions) cost
# 1.5 ms, more than a whole cached page.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Small per-process memos only (file sizes for feed enclosures): a process
# that dies takes its state with it, and no page depends on a cache server being up.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# The page cache (core/pagecache/): anonymous pages, feeds and sitemaps, purged by the keys of
# what they show. Shared by every server through Redis when REDIS_URL is set; otherwise by
# every process of this machine through an SQLite file, bounded by PAGE_CACHE_MAX_BYTES.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_FILE = Path(os.environ.get("PAGE_CACHE_FILE", BASE_DIR / ".cache" / "pages.sqlite3"))
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_MB", "256")) * 1024 * 1024
# An entry lives until a purge names one of its keys, or this long at most; 0 turns it off
# (the default with DEBUG on, where templates change under the developer's hands).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "3600"))
PAGE_CACHE_EXCLUDE = ("/admin/", "/preview/", "/healthz")
# Rendered fragments (cards, a story's article, feed items) in the same store, under the keys
# they show (core/pagecache/fragments.py): a page the cache misses is assembled from them. They
# live until purged, or this long at most; 0 turns them off (the default with DEBUG on).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "0" if DEBUG else "86400"))
# Browsers cannot be purged: they keep a page a few seconds.
PAGE_BROWSER_MAX_AGE = 5
# Proxies in front of the site, purged by surrogate key when content changes
# (core/pagecache/proxies.py); each is off while its variables are unset.
PAGE_CACHE_VARNISH_URLS = env_list("VARNISH_PURGE_URLS", [])
PAGE_CACHE_FASTLY = (
    {"service_id": os.environ["FASTLY_SERVICE_ID"], "token": os.environ["FASTLY_API_TOKEN"]}
    if os.environ.get("FASTLY_SERVICE_ID") and os.environ.get("FASTLY_API_TOKEN")
    else None
)
PAGE_CACHE_CLOUDFLARE = (
    {"zone_id": os.environ["CLOUDFLARE_ZONE_ID"], "token": os.environ["CLOUDFLARE_API_TOKEN"]}
    if os.environ.get("CLOUDFLARE_ZONE_ID") and os.environ.get("CLOUDFLARE_API_TOKEN")
    else None
)
# Proxies keep a page this long (s-maxage); purged by key, they may keep it a day.
PURGED_PROXIES = bool(PAGE_CACHE_VARNISH_URLS or PAGE_CACHE_FASTLY or PAGE_CACHE_CLOUDFLARE)
PAGE_PROXY_MAX_AGE = int(os.environ.get("PAGE_PROXY_MAX_AGE", "86400" if PURGED_PROXIES else "10"))
PAGE_STALE_WHILE_REVALIDATE = 30
PAGE_STALE_IF_ERROR = 86_400

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The newsroom's clock: story URLs carry the publish date in this zone. Changing it
# moves URLs, so it is a constant of the site, not an environment setting.
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# The story editor's own extensions (static/newsroom/prose-extensions.js): the Place nodes
# store an empty figure with one attribute (articles/richtext.py PLACE), the rest no markup.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("newsroom/prose-extensions.js")],
        "extensions": {
            "FreshParagraph": html_tags([]),
            "ReadMorePlace": html_tags(["figure"], {"figure": ["data-read-more"]}),
            "EmbedPlace": html_tags(["figure"], {"figure": ["data-embed"]}),
            "ImagePlace": html_tags(["figure"], {"figure": ["data-image"]}),
        },
    }
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: big enough for a press still, small enough to refuse a decompression bomb.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

# Background work (the admin's WordPress import) runs in `manage.py db_worker`, which reads
# its queue from the database: no broker to install.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Uploaded WordPress exports wait here for the worker: outside MEDIA_ROOT, so never served.
WORDPRESS_IMPORT_DIR = Path(os.environ.get("WORDPRESS_IMPORT_DIR", BASE_DIR / ".imports"))
# ...and are deleted this many days after their import finished (or with their run).
WORDPRESS_EXPORT_RETENTION_DAYS = 30
# Fetching an attachment from the old site: at most this long per file (seconds), and an
# image's upload limit; and at most this long for all the pictures of one import.
WORDPRESS_FETCH_TIMEOUT = 20
WORDPRESS_FETCH_TOTAL_TIMEOUT = 2 * 60 * 60
# Media from the local disk, for `make run` and small sites; at scale media lives on
# object storage (docs/deploy.md) and this stays off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

TAGGIT_CASE_INSENSITIVE = True
# `manage.py restore` refuses a site that already has rows of this model (unless --force).
BACKUP_CONTENT_MODEL = "articles.Article"

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Public pages run no inline script (JSON-LD is a data block, which CSP does not govern:
# core/jinja2.py). Story pages add the embed players' hosts to frame-src themselves
# (public/views/stories.py), framed only after the reader asks.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("MEDIA_ORIGINS", [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
