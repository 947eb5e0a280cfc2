"""Production: every secret, host and path comes from the environment.

Run behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
`python manage.py check --deploy` is clean with these settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (50 random characters or more).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# HTTPS everywhere.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload-ready; set SECURE_HSTS_PRELOAD=false for a domain with plain-HTTP subdomains.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No framing; Wagtail's own preview views allow their same-origin frame themselves.
X_FRAME_OPTIONS = "DENY"

# Static files: compressed, hashed, served by WhiteNoise (after `collectstatic`).
MIDDLEWARE.insert(  # noqa: F405
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    "default": {"BACKEND": "crieur.storage.MediaStorage"},  # documents kept private
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Keep database connections between requests; check them before use.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# The caching proxy in front (Varnish with deploy/varnish/crieur.vcl), when configured:
# FRONTEND_CACHE_PURGE_URL is where PURGE and BAN go (e.g. http://127.0.0.1:6081).
# Pages are then marked for it (crieur.proxy.mark_shared) and purged through Wagtail's
# front-end cache invalidation (crieur.proxy), each request within
# FRONTEND_CACHE_TIMEOUT seconds: a proxy down or stuck never holds a publish.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "crieur.proxy.PurgeBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
            "TIMEOUT": float(os.environ.get("FRONTEND_CACHE_TIMEOUT", "5")),
        }
    }
    # The URLs given, not a copy of each in every language (translations have slugs of
    # their own: the invalidation names them).
    WAGTAILFRONTENDCACHE_LANGUAGES = []

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
