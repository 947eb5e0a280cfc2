"""Settings shared by every environment.

Everything that differs between machines is read from the environment, with
embedded defaults (SQLite, in-process cache) so that a fresh clone runs as is.
"""

import datetime
import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "crieur",
    "services",
    "testimonials",
    "places",
    "calls",
    "campaigns",
    "lending",
    "contributions",
    "links",
    "kiosk",
    "bulletins",
    "stickers",
    "posters",
    "social",
    "criers",
    "kits",
    "appears",
    "pdf",
    "print_history",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "crieur.middleware.DatabaseUnavailableMiddleware",
    "links.middleware.ShortLinkMiddleware",
    "crieur.sitewide.SnapshotMiddleware",
    "crieur.page_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: answers lockouts
]

ROOT_URLCONF = "crieur.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Form widgets render from the same template tree as everything else.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "crieur.wsgi.application"

# Database: SQLite next to the code unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions and a
    # busy timeout make concurrent writers wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every server process: rate limits,
# page cache, short-link resolutions), the in-process cache otherwise.
# django-redis rather than Django's own backend: with IGNORE_EXCEPTIONS a Redis that
# is down or stuck (timeouts in seconds) reads as an empty cache, so pages and scans
# are still served, uncached and without rate limits, instead of answering 500.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # an outage shows in the logs
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "crieur",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A brake on password guessing (django-axes, crieur/lockout.py): after
# LOGIN_FAILURE_LIMIT wrong passwords from one address (admin login, page and
# collection passwords, counted together), that address gets a 429 until
# LOGIN_LOCKOUT_MINUTES after its last attempt, or until staff run
# `python manage.py axes_reset_ip ADDRESS`. The address is the one the rate limits
# see (RATELIMIT_IP_META_KEY behind a reverse proxy).
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out addresses. AxesBackend is AxesStandaloneBackend that can
    # also load users (ModelBackend's get_user): Wagtail's page test helpers log in
    # with the first backend. The password is checked by the next one.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "crieur.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "crieur.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # failed attempts are kept until lifted; logins are not logged

# Languages: French first, English too.
LANGUAGE_CODE = "fr"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
WAGTAIL_I18N_ENABLED = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# MEDIA_ROOT, except Wagtail's documents: under a private root that has no URL
# (CRIEUR_PRIVATE_ROOT, or a "-private" sibling of MEDIA_ROOT), see crieur/storage.py.
STORAGES = {
    "default": {"BACKEND": "crieur.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content-Security-Policy (django-csp) for the public site. The Wagtail admin
# sets its own policy needs (inline scripts) and is left out; views that need
# another policy (the kiosk player) set their own header.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Rate limits of the public endpoints that do work, per client address and
# minute (django-ratelimit, counted in the cache, keys hashed: no address is
# stored). Generous: residents behind one mobile carrier share addresses.
# Over the limit the answer is 429, and a refused scan is not counted.
CRIEUR_RATE_LIMITS = {
    "resolver": os.environ.get("RATE_LIMIT_RESOLVER", "300/m"),
    "search": os.environ.get("RATE_LIMIT_SEARCH", "60/m"),
    # pairing screens poll every 3 s; heartbeats come once a minute per screen
    "kiosk": os.environ.get("RATE_LIMIT_KIOSK", "120/m"),
    # new pairing codes per address and pairing lifetime (a screen asks again when
    # its code expires; keep the period equal to KIOSK_PAIRING_SECONDS): one address
    # holds at most twice this many waiting codes, far below the global cap of 200,
    # so a flood from one address cannot keep other screens out
    "kiosk-pairing": os.environ.get("RATE_LIMIT_KIOSK_PAIRING", "10/5m"),
    # lending requests sent by one address (lending/views.py; reading the page is not limited)
    "lending-request": os.environ.get("RATE_LIMIT_LENDING_REQUEST", "10/h"),
    # proposals of places sent by one address (the form itself is not limited)
    "place-proposal": os.environ.get("RATE_LIMIT_PLACE_PROPOSAL", "5/h"),
    # applications made to calls for projects, per address (calls/views.py)
    "call-application": os.environ.get("RATE_LIMIT_CALL_APPLICATION", "5/h"),
}
# How long a pairing code shown on a new screen stays valid, in seconds.
KIOSK_PAIRING_SECONDS = int(os.environ.get("KIOSK_PAIRING_SECONDS", "300"))
RATELIMIT_VIEW = "crieur.views.rate_limited"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not stop residents' scans
if os.environ.get("RATELIMIT_IP_META_KEY"):  # e.g. HTTP_X_REAL_IP behind a reverse proxy
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]

# Anonymous page views are served from the cache for this long at most;
# publishing, unpublishing, moving or deleting any page empties it at once.
CRIEUR_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Every PDF render (WeasyPrint) stops after this many seconds with a clear error
# (pdf/rendering.py), below gunicorn's timeout (gunicorn.conf.py, 60 s).
CRIEUR_RENDER_TIMEOUT_SECONDS = float(os.environ.get("CRIEUR_RENDER_TIMEOUT_SECONDS", "50"))

# Wagtail
WAGTAIL_SITE_NAME = "Crieur"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents are served only by Wagtail's view, which checks their collection's privacy.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "jpg", "jpeg", "png", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
# ASCII slugs: URLs stay readable when printed and typed from a bulletin.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# How long a regulation explainer may go unchecked before editors see it as stale.
CRIEUR_STALE_AFTER_DAYS = 365

# Base URL printed in QR codes and short links (WAGTAILADMIN_BASE_URL when empty).
CRIEUR_QR_BASE_URL = os.environ.get("CRIEUR_QR_BASE_URL", "")

# The map of shared places (places/tiles.py): the tile server's URL template and its
# attribution, OpenStreetMap's by default; the map page's CSP allows that one host.
CRIEUR_MAP_TILES = {
    "url": os.environ.get("CRIEUR_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    "attribution": os.environ.get("CRIEUR_MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors"),
    "attribution_url": os.environ.get(
        "CRIEUR_MAP_TILES_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
    ),
}

# Who receives the lending requests of a place that has no contact e-mail of its own
# (lending/emails.py); the site's contact address (branding settings) when empty.
CRIEUR_LENDING_EMAIL = os.environ.get("CRIEUR_LENDING_EMAIL", "")
# Who is told that a resident proposed a place or a correction (unset: nobody, the queue shows it).
CRIEUR_CONTRIBUTIONS_EMAIL = os.environ.get("CRIEUR_CONTRIBUTIONS_EMAIL", "")

# The content page types editors pick for a channel (a bulletin's articles). Channels
# know content only through its card (crieur/cards.py): the installed content types
# are named here, where the project names its apps, never in a channel's code.
CRIEUR_CONTENT_PAGE_TYPES = [
    "services.ServicePage",
    "services.RegulationPage",
    "testimonials.TestimonialPage",
    "campaigns.CampaignPage",
    "places.PlacePage",
    "calls.CallPage",
    "calls.ProjectPage",
]

# Background tasks (django-tasks). Wagtail's own small tasks (search index,
# reference index, image focal points) use "default" and run inline, as they did
# before; the project's scheduled and heavy work (the consent sweep) goes to the
# "background" queue in the database, run by any number of
# `python manage.py db_worker --backend background` processes.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "crieur@localhost")

# Kiosk tokens are masked in every record that may hold a request path
# (crieur/logs.py; gunicorn's own logs: gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_kiosk_tokens": {"()": "crieur.logs.MaskKioskTokens"}},
    "formatters": {
        # Django's own format of runserver's request lines.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_kiosk_tokens"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # WeasyPrint and fontTools narrate every rendering at INFO level.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.request": {"filters": ["mask_kiosk_tokens"]},
        "django.security.csrf": {"filters": ["mask_kiosk_tokens"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["mask_kiosk_tokens"],
        },
    },
}
