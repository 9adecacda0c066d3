"""Settings for the makelaar registry.

Everything a deployment changes comes from the environment (see README, "Deploy").
Without any environment the app runs for development on an embedded PostgreSQL.
"""

import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from makelaar.base.database import database_config, replica_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h] or (
    ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "makelaar.base.apps.MakelaarAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "mozilla_django_oidc",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "makelaar.base",
    "initiatives",
    "signals",
    "makelaar.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "makelaar.base.resilience.DatabaseTroubleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "makelaar.base.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Messages before the session checks: an expired session says so on the login page.
    "django.contrib.messages.middleware.MessageMiddleware",
    "makelaar.base.middleware.SessionTimeoutMiddleware",
    "makelaar.base.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "makelaar.base.access.RoleRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if not DEBUG:
    # Production serves its own static files (compressed, cached forever by hash).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

# Benchmark only (tooling/bench/run.py, `make bench`): each response says how long Django took
# and how many queries it ran; urls.py adds a no-op view and admin lists to compare with.
BENCH_TIMING = env_bool("BENCH_TIMING", False)
if BENCH_TIMING:
    MIDDLEWARE.insert(0, "tooling.bench.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "makelaar.urls"

# Plain widgets rendered in Python, the same HTML as Django's templates (forms_render.py).
FORM_RENDERER = "makelaar.base.forms_render.WidgetRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "makelaar.base.context_processors.navigation",
                "signals.context_processors.signal_news",
            ],
        },
    },
]

WSGI_APPLICATION = "makelaar.wsgi.application"
ASGI_APPLICATION = "makelaar.asgi.application"

DATABASES = {"default": database_config(os.environ, BASE_DIR)}
# A read replica for the coach's overview, year report and overview export (off unless
# DATABASE_REPLICA_URL is set); everything else reads and writes default.
if replica := replica_config(os.environ):
    DATABASES["replica"] = replica
DATABASE_ROUTERS = ["makelaar.base.routers.ReplicaRouter"]
# Web requests only (see makelaar/base/resilience.py): a query that runs longer is cancelled
# and the user sees a 503 page; commands and the background worker are not limited.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "15000"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "makelaar.User"
AUTHENTICATION_BACKENDS = ["makelaar.base.auth.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # "Wachtwoord123" is long enough, but a common word with digits: refused as well.
    {"NAME": "makelaar.base.password_validation.CommonWordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# A CDN in front: DJANGO_STATIC_URL=https://cdn.example.nl/makelaar/ (see docs/deploy.md).
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "static/")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
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

# Content-Security-Policy (Django 6): our own files only, inline scripts by nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cookies: none is for scripts (htmx gets the CSRF token from the page, see base.html's
# hx-headers), none is sent along by other sites' requests, and with DEBUG off none
# travels over plain HTTP. tests/security/test_headers.py checks them in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_denial": {"()": "makelaar.base.log_filters.OneLineDenial"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler (under DEBUG) printed every line a second time
        # through ours: its records go to the root handler only.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # A 403 is one line (method, path, user id), not a traceback.
        "django.request": {"filters": ["one_line_denial"]},
    },
}

# Signals: the answer term in working days, after which a signal is flagged and reminded.
SIGNAL_ANSWER_WORKING_DAYS = int(os.environ.get("SIGNAL_ANSWER_WORKING_DAYS", "10"))

# Background tasks (reminders) run from the database by `manage.py task_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Development prints mail in the console; with DJANGO_EMAIL_HOST (or DEBUG off) it goes by SMTP.
SMTP = "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            SMTP
            if os.environ.get("DJANGO_EMAIL_HOST") or not DEBUG
            else "django.core.mail.backends.console.EmailBackend",
        ),
    }
}
if os.environ.get("DJANGO_EMAIL_HOST") and MAILERS["default"]["BACKEND"] == SMTP:
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ["DJANGO_EMAIL_HOST"],
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
        "username": os.environ.get("DJANGO_EMAIL_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "makelaar@example.org")
# The app's address as its users reach it (scheme and host): mail links to pages on it
# (makelaar.base.mail.site_url). The default is the development server of `make run`.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Hand-off and workload: the municipality's own numbers (see docs/architecture.md).
HANDOFF_CHECKIN_MONTHS = [
    int(months) for months in os.environ.get("HANDOFF_CHECKIN_MONTHS", "3,12").split(",")
]
WORKLOAD_MAX_WE_LEAD = int(os.environ.get("WORKLOAD_MAX_WE_LEAD", "5"))
WORKLOAD_MAX_WE_LEAD_DAYS = int(os.environ.get("WORKLOAD_MAX_WE_LEAD_DAYS", "90"))
WORKLOAD_NO_CONTACT_DAYS = int(os.environ.get("WORKLOAD_NO_CONTACT_DAYS", "60"))

# Exports of the lists (initiatives, signals): up to this many rows the file is built
# while the user waits; longer lists are built by a background task (makelaar.base.tasks).
EXPORT_SYNC_LIMIT = int(os.environ.get("EXPORT_SYNC_LIMIT", "5000"))

# Uploads (the spreadsheet import) are at most this large. A request body larger than
# that plus the form's fields is not read at all (makelaar/base/uploads.py); the proxy in
# front should refuse it first (docs/deploy.md: client_max_body_size 11m).
UPLOAD_MAX_MB = 10
FILE_UPLOAD_HANDLERS = [
    "makelaar.base.uploads.BodySizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Retention (AVG): how long personal data is kept, in days; the daily task
# makelaar.base.tasks.apply_retention removes what is older (see docs/privacy.md).
# Closed signals (answered, returned or closed this long ago) lose their texts.
RETENTION_SIGNAL_DAYS = int(os.environ.get("RETENTION_SIGNAL_DAYS", "730"))
# Volunteers without any activity, and without renewed consent, this long are removed.
RETENTION_VOLUNTEER_DAYS = int(os.environ.get("RETENTION_VOLUNTEER_DAYS", "730"))
# Initiators' contact details, this long after their initiative was handed off or stopped.
RETENTION_INITIATOR_CONTACT_DAYS = int(os.environ.get("RETENTION_INITIATOR_CONTACT_DAYS", "730"))
# Uploaded spreadsheets never confirmed or discarded: their rows are dropped after this.
RETENTION_STAGED_IMPORT_DAYS = int(os.environ.get("RETENTION_STAGED_IMPORT_DAYS", "7"))
# Failed logins go once the login throttle no longer counts them (LOGIN_FAILURE_WINDOW);
# finished exports after a day (makelaar.base.retention.KEEP_EXPORTS).

# Sessions (docs/architecture.md, "Logging in"): a session ends after this long without a
# request, and after this long in any case; makelaar.base.middleware.SessionTimeoutMiddleware
# enforces both. The cookie lives no longer than the absolute limit.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "10")) * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Failed logins (wrong password or wrong code) within the window, per account and per
# address, after which the login form refuses to try for a while (HTTP 429). The
# account is what guessing aims at; a whole office shares one address (NAT, a proxy),
# so the address limit is far above what its typos produce: it stops a spray only.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_IP_LIMIT = int(os.environ.get("LOGIN_FAILURE_IP_LIMIT", "300"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15")) * 60
# Behind a reverse proxy, the number of proxies that append to X-Forwarded-For; the
# client's address is the one the outermost of them saw. 0: REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Two-factor login (TOTP): required for the team coach and the functional administrator,
# optional for everyone else. The name authenticator apps show beside the code, and how
# long the code step waits after the password step.
TWO_FACTOR_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Registratie sociaal makelaar")
TWO_FACTOR_STEP_TIMEOUT = int(os.environ.get("TWO_FACTOR_STEP_MINUTES", "5")) * 60

# Single sign-on with OpenID Connect (issue 18; docs/deploy.md, "Single sign-on").
# On only when OIDC_DISCOVERY_URL is set: the provider's endpoints are read from its
# discovery document (fetched once, when first needed; makelaar/base/oidc.py).
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "").strip()
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
# The name on the login page's button: "Inloggen met <name>".
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "")
# The claim that holds the user's groups or app roles (Entra ID: "groups" or "roles").
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "groups")
# Which group gives which role (and, for social workers and makelaars, which area's
# team): "group=role:Area name" pairs separated by ";" or new lines (docs/deploy.md).
OIDC_GROUPS = os.environ.get("OIDC_GROUPS", "")
# The provider's word that it checked a second factor: any of these in the ID token's
# `amr`, or its `acr` one of these; then our own code step is skipped.
OIDC_MFA_AMR = [v for v in os.environ.get("OIDC_MFA_AMR", "mfa").replace(",", " ").split() if v]
OIDC_MFA_ACR = [v for v in os.environ.get("OIDC_MFA_ACR", "").replace(",", " ").split() if v]
# How often (seconds) a signed-in SSO session asks the provider whether the user may
# still sign in (userinfo with the session's access token); 0: at every request.
OIDC_RECHECK_SECONDS = int(os.environ.get("OIDC_RECHECK_SECONDS", "0"))
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT_SECONDS", "10"))
# Passwords of our own: false offers only single sign-on (needs OIDC_DISCOVERY_URL).
LOCAL_LOGIN = env_bool("LOCAL_LOGIN", True)
if not LOCAL_LOGIN and not OIDC_DISCOVERY_URL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("LOCAL_LOGIN=false needs single sign-on: set OIDC_DISCOVERY_URL.")
# mozilla-django-oidc: the session keeps the tokens (the re-check, the provider's logout),
# the views are ours (makelaar/base/views_sso.py), a failed sign-in lands on our login page.
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "makelaar.base.oidc.OidcBackend"]
OIDC_STORE_ACCESS_TOKEN = True
OIDC_STORE_ID_TOKEN = True
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", False)
OIDC_OP_LOGOUT_URL_METHOD = "makelaar.base.oidc.provider_logout_url"
# Before the second step: an SSO session the provider no longer accepts ends there.
MIDDLEWARE.insert(
    MIDDLEWARE.index("makelaar.base.middleware.TwoFactorMiddleware"),
    "makelaar.base.oidc.SsoSessionMiddleware",
)
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_DISCOVERY_URL:
    # Logging out posts a form whose answer redirects to the provider's end-session page:
    # the browser follows it only when form-action allows the provider's origin.
    from urllib.parse import urlsplit

    _provider = urlsplit(OIDC_DISCOVERY_URL)
    SECURE_CSP["form-action"] = [
        *SECURE_CSP["form-action"],
        f"{_provider.scheme}://{_provider.netloc}",
    ]

# The read API under /api/v1/ (issue 18; docs/deploy.md, "The API").
# Clients' tokens only (no session), read-only JSON, paginated, errors as problem+json;
# calls per client limited (a 429 over it).
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/minute")
# The API's access log is kept this long (days), then the nightly retention run removes it.
API_ACCESS_LOG_DAYS = int(os.environ.get("API_ACCESS_LOG_DAYS", "365"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["makelaar.api.auth.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["makelaar.api.auth.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["makelaar.api.auth.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "makelaar.api.paging.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "makelaar.api.problems.problem_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Makelaar API",
    "DESCRIPTION": (
        "Read-only: the social map (organizations, services), the neighbourhoods and the "
        "coach's overview figures. Send a client's token: Authorization: Bearer <token>."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from our own static files: the CSP allows no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Links for partners without an account (issue 18; docs/deploy.md, "Partner links").
# Partner links (issue 18): partners without an account answer through a signed link
# mailed to them (initiatives.actions_partner). It works PARTNER_LINK_DAYS, once; an
# organisation or a handed-off initiative not confirmed for PARTNER_CONFIRM_STALE_MONTHS
# is flagged as stale on the offer page and in the overview.
PARTNER_LINK_DAYS = int(os.environ.get("PARTNER_LINK_DAYS", "14"))
PARTNER_CONFIRM_STALE_MONTHS = int(os.environ.get("PARTNER_CONFIRM_STALE_MONTHS", "12"))
