"""Quartier settings, driven by environment variables with safe development defaults."""

import json
import os
import re
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def env_bool(name, default=False):
    """A yes/no variable; a value it does not know stops the start (a typo never means no)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE + FALSE:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r}: write true or false.")
    return value in TRUE


def env_number(name, default, kind=int, minimum=0):
    """A number of seconds, days, workers...: at least `minimum`; a typo stops the start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(
            f"{name}={value!r}: write a {kind.__name__} of {minimum} or more."
        )
    return number


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# One switch for a deployment behind an HTTPS reverse proxy; each part has its own variable.
PRODUCTION = env_bool("PRODUCTION", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", PRODUCTION):
        raise RuntimeError("SECRET_KEY must be set in production.")
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "directory",
]

MIDDLEWARE = [
    # Outermost, so its line has the final status and the whole duration.
    "directory.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "directory.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages travel gzipped (static files are compressed once, at collectstatic). Its
    # random padding is Django's BREACH mitigation; CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    # Outside the page cache, so that a page served from it is counted too.
    "directory.search.counts.SearchCountMiddleware",
    # Above CSP: it stores pages with their final headers, and gives each a fresh nonce.
    "directory.page_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "directory.middleware.DatabaseUnavailableMiddleware",
    # django-axes wants to be last: it turns a flagged login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quartier.urls"
WSGI_APPLICATION = "quartier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "directory.context_processors.site",
                "directory.context_processors.crisis",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if os.environ.get("DATABASE_REPLICA_URL"):
    # A streaming replica of the primary: residents' pages read there (quartier/db_router.py).
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_number("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["quartier.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("directory.middleware.RequestLogMiddleware") + 1,
        "quartier.db_router.PrimaryForWritersMiddleware",
    )
# A PostgreSQL that stops answering gets the 503 page within seconds, not a stuck worker:
# connecting gives up after DATABASE_CONNECT_TIMEOUT seconds (psycopg's least is 2), and a
# statement is cancelled after DATABASE_STATEMENT_TIMEOUT seconds, waiting for a lock
# included; a frozen server that cancels nothing is given up on a second later
# (quartier/postgresql). The web server has 3 s by default (quartier/wsgi.py); commands,
# such as imports and migrations, have no limit (0).
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Every search page writes its count: in SQLite's default rollback journal, each
        # commit waits for the disk twice (10 ms, most of a page). Write-ahead, the commit
        # appends to the log and the disk is synced at checkpoints: a power cut can lose
        # the last commits, never the file; and readers no longer wait for a writer.
        options = database.setdefault("OPTIONS", {})
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = "quartier.postgresql"
        options = database.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", env_number("DATABASE_CONNECT_TIMEOUT", 2))
        statement_timeout = env_number("DATABASE_STATEMENT_TIMEOUT", 0, float)
        if statement_timeout:
            statement_option = f"-c statement_timeout={round(statement_timeout * 1000)}"
            options["options"] = f"{options.get('options', '')} {statement_option}".strip()
            options["answer_timeout"] = statement_timeout + 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    # Redis answers in a millisecond; one that has not answered in REDIS_TIMEOUT seconds is
    # down or hung, and the page cache carries on without it (directory/page_cache.py).
    redis_timeout = env_number("REDIS_TIMEOUT", 0.3, float)
    CACHES = {
        "default": {
            "BACKEND": "quartier.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": redis_timeout, "socket_timeout": redis_timeout},
        }
    }
# Sessions live in the database only, never in the cache: logins and workers' pages work
# whatever state Redis is in, and no cached copy of a session that a failing Redis kept
# can bring it back after a logout. It costs one primary-key query per logged-in request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    # django-axes refuses logins from a locked-out username and address before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins before a lockout, counted three ways, each with its limit (see
# directory/login_throttle.py): for one username from one address; from one address
# across usernames (password spraying), higher as an office behind one NAT shares it; for
# one username across addresses (one account attacked from many).
AXES_FAILURE_LIMIT = env_number("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_ADDRESS_FAILURE_LIMIT = env_number("AXES_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_USERNAME_FAILURE_LIMIT = env_number("AXES_USERNAME_FAILURE_LIMIT", 10, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_HANDLER = "directory.login_throttle.LoginThrottle"
AXES_COOLOFF_TIME = timedelta(minutes=env_number("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "directory.http.client_ip"
# The lockout page in the visitor's language, with what to do (axes' own is English text).
AXES_LOCKOUT_CALLABLE = "directory.views.errors.locked_out"
# Number of reverse proxies that append to X-Forwarded-For in front of gunicorn; 0 trusts
# no header and uses the connection's address.
PROXY_COUNT = env_number("PROXY_COUNT", 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# The interface languages, each named in its own language and script (never translated:
# a resident finds their language whatever the page's). Listing content stays in French,
# Dutch and English (directory/translation.py); "fa" is labelled Dari, the Persian of
# Afghanistan that Brussels' newcomers speak. Arabic and Dari are written right to left
# (Django's LANGUAGES_BIDI).
LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("pl", "Polski"),
    ("bg", "Български"),
    ("uk", "Українська"),
    ("fa", "دری"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True


STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet comes bundled with django-leaflet. Its app is not installed: its admin module
# needs GeoDjango (GDAL), which we do without; we serve its static files directly.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    Path(find_spec("leaflet").submodule_search_locations[0]) / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"

LOGIN_URL = "staff:login"

MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = os.environ.get(
    "MAP_ATTRIBUTION", "© OpenStreetMap contributors; boundaries UrbIS © paradigm.brussels"
)

SEARCH_PAGE_SIZE = 20
# Anonymous public pages are answered from the cache for this long (directory/page_cache.py).
# It must be a cache every app node shares: on by default with REDIS_URL only.
# Values computed alike for every request (directory/memo.py) are checked against the
# version in the shared cache; without one, each process keeps them a minute at most.
MEMO_SHARED = bool(os.environ.get("REDIS_URL"))
# At most this many values memo.kept keeps per process (an API list item: about 1 KB).
MEMO_KEPT_ITEMS = env_number("MEMO_KEPT_ITEMS", 20_000)
# At most this many services' card rows (about 30 KB each) memo.kept keeps per process: the
# 400 searches of bench/load.py's mix show 3 600 services of 10 000, and at 2000 each
# search read its cards again (24 ms and 8 queries a search asked again, against 11 and 0).
MEMO_KEPT_ROWS = env_number("MEMO_KEPT_ROWS", 4000)
PAGE_CACHE_SECONDS = env_number("PAGE_CACHE_SECONDS", 30 if os.environ.get("REDIS_URL") else 0)
# The search page counts its results up to this number ("1000 services or more"): past
# it, an exact count would cost more than the page itself, and nobody reads page 51.
SEARCH_COUNT_LIMIT = 1000
# Searches are counted, anonymously and by week, for this many weeks (the current one
# included), then deleted (directory/search/counts.py); 0 counts nothing.
SEARCH_COUNTS_WEEKS = env_number("SEARCH_COUNTS_WEEKS", 26)
# A process writes the searches it counted together, this many seconds after the first
# at most (and when it exits): one statement for many; 0 writes each search at once.
SEARCH_COUNTS_FLUSH_SECONDS = env_number("SEARCH_COUNTS_FLUSH_SECONDS", 5)

# A Nominatim-compatible search (Nominatim's /search, Photon's /api) for street addresses;
# unset: none (directory/geocoder.py). Only the typed text is added to it, as `q`.
GEOCODER_URL = os.environ.get("GEOCODER_URL", "").strip()
if GEOCODER_URL and not GEOCODER_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("GEOCODER_URL must be an http(s):// address")

# E-mail: invitations, password resets, reminders. `make run` (DEBUG) prints each message
# on the console unless EMAIL_HOST is set; otherwise they go out over SMTP (tests keep them
# in memory: Django's test runner sets its own backend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env_number("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that does not answer holds a coordinator's page this long, not for ever.
EMAIL_TIMEOUT = env_number("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Quartier <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A coordinator's invitation link works once, for this many days.
INVITATION_VALID_DAYS = env_number("INVITATION_VALID_DAYS", 7, minimum=1)

# A listing not verified for this many days is stale (about six months by default).
STALE_AFTER_DAYS = env_number("STALE_AFTER_DAYS", 183)
# The public address of the site, for links in e-mails sent outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# A free phone line on every page (empty hides it): by default the Brussels social
# emergencies line. HELPLINE_LABEL replaces the label, "fr:…|nl:…|en:…" for one per language.
HELPLINE_NUMBER = os.environ.get("HELPLINE_NUMBER", "0800 35 243")
HELPLINE_LABEL = os.environ.get("HELPLINE_LABEL", "")

# Pages about violence carry a "Quitter ce site" button that leaves at once for this
# neutral site, replacing the page in the history (directory/quick_exit.py).
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.meteo.be/").strip()
if not QUICK_EXIT_URL.startswith("https://"):
    raise ImproperlyConfigured("QUICK_EXIT_URL must be an https:// address")
# Who residents and workers write to about their data and the site's accessibility (the
# privacy, accessibility and about pages); empty: those pages name the social coordination.
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "").strip()

# HTTPS. Off by default so `make run` and the test client work over plain http;
# PRODUCTION=true turns every part on, and each can be set on its own.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# Probes (Docker, load balancers) ask for /healthz over plain http from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", PRODUCTION):
    # Trust it only behind a proxy that sets this header itself, overwriting the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", PRODUCTION
)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Cross-origin requests carry the origin only: OpenStreetMap's tile policy asks for one.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    "geolocation": "(self)",  # "use my position" on the search form
    "accelerometer": "()",
    "camera": "()",
    "display-capture": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
}


def url_origin(url_template):
    """The origin of a tile URL template, `{s}`-style host placeholders made wildcards."""
    parts = urlsplit(url_template)
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return f"{parts.scheme}://{host}"


# No inline script or style anywhere: data reaches scripts through json_script, and
# Leaflet styles its elements through the CSSOM, which style-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # Leaflet cancels the load of a tile it drops by pointing it at an empty data: GIF.
        "img-src": [SELF, "data:", url_origin(MAP_TILES_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
        "report-uri": env_list("CSP_REPORT_URI") or None,
    }
}

# One JSON line per record on stdout, request logs (`quartier.requests`) and errors
# (`django.request`) alike. LOGGING_FILE names a JSON dictConfig to route them elsewhere.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "directory.middleware.JsonLogFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes announces itself at every start; its lockouts still log as warnings.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}
if os.environ.get("LOGGING_FILE"):
    LOGGING = json.loads(Path(os.environ["LOGGING_FILE"]).read_text())
