"""Settings shared by every environment; values come from the environment (12-factor)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from koersvast import __version__

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# Runtime files (SQLite database, generated secret key, uploads) live under var/ in the
# working directory by default, never inside the installed package.
VAR_DIR = Path(os.environ.get("KOERSVAST_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key() -> str:
    """Return the secret key stored under var/, creating it on first use (local setups only)."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, on a site only operators of the installation may open (decision 1001).
    "koersvast.administration.admin_config.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "koersvast.core",
    "koersvast.tenancy",
    "koersvast.audit",
    "koersvast.reference",
    "koersvast.framework",
    "koersvast.portfolio",
    "koersvast.capacity",
    "koersvast.intake",
    "koersvast.notifications",
    "koersvast.monitoring",
    "koersvast.finance",
    "koersvast.council",
    "koersvast.planning",
    "koersvast.spreadsheets",
    "koersvast.benchmarking",
    "koersvast.library",
    "koersvast.dashboards",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "koersvast.api",
    "koersvast.odata",
    "koersvast.reports",
    "koersvast.demo",
    "koersvast.identity",
    "koersvast.administration",
]

MIDDLEWARE = [
    "koersvast.core.metrics.MetricsMiddleware",  # first: it times everything below
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "koersvast.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "koersvast.core.middleware.CleanTextInputMiddleware",  # control characters out of posts
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "koersvast.identity.middleware.MfaMiddleware",  # a session owing a code sees only MFA pages
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "koersvast.audit.middleware.AuditContextMiddleware",
    "koersvast.tenancy.middleware.CurrentMunicipalityMiddleware",
    "koersvast.core.middleware.DomainErrorMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a lockout into the lockout page
]

ROOT_URLCONF = "koersvast.config.urls"
WSGI_APPLICATION = "koersvast.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koersvast.tenancy.context_processors.tenancy",
                "koersvast.core.context_processors.navigation",
                "koersvast.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'koersvast.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a worker share the file without
    # "database is locked" errors.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups serialise timestamps to the microsecond (core/serialization.py).
SERIALIZATION_MODULES = {"koersvast-json": "koersvast.core.serialization"}

# Caches (decision 0906). Zero setup: a memory cache per process, and no cached figures (an
# invalidation in one gunicorn worker would not reach the others). With KOERSVAST_CACHE_URL
# (e.g. redis://127.0.0.1:6379/0, needs `pip install koersvast[redis]`) all processes share
# Django's Redis cache: sessions are read from it (cached_db, still stored in the database) and
# the dashboard's, the monitoring overview's and the live report's figures are cached
# (core/figures.py), each invalidated by any change to its municipality's data.
CACHE_URL = os.environ.get("KOERSVAST_CACHE_URL", "")
if CACHE_URL:
    _shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "koersvast",
    }
    CACHES = {"default": _shared, "figures": {**_shared, "TIMEOUT": 600}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "figures": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }

# Background work (optimisation runs): Django's tasks framework with a database-backed queue;
# `koersvast worker` (django-tasks-db's db_worker) runs them; `koersvast serve` starts one.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username + address
    "koersvast.identity.backends.LocalPasswordBackend",  # ModelBackend, switchable
    "koersvast.identity.backends.OidcBackend",  # single sign-on; inert unless configured
]
# Login throttling (BIO 9.4.2): 5 failed attempts for a username from one address lock that
# combination for 15 minutes; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Second factor (TOTP, django-otp; decision 0901): required for local accounts of administrators,
# portfolio managers and superusers. Single sign-on logins are exempt (the provider does MFA).
# /metrics without METRICS_TOKEN: a direct scraper on loopback only (development); production
# turns this off, so there the token is required.
KOERSVAST_METRICS_LOOPBACK = True
KOERSVAST_MFA_REQUIRED = env_bool("KOERSVAST_MFA_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Koersvast"
# Local username + password logins; off leaves only SSO (and superusers as an emergency door).
KOERSVAST_LOCAL_LOGIN = env_bool("KOERSVAST_LOCAL_LOGIN", default=True)
# Days an invitation link (to set a password or accept a role) stays valid (decision 1001).
KOERSVAST_INVITATION_DAYS = int(os.environ.get("KOERSVAST_INVITATION_DAYS", "7"))

# Single sign-on (OIDC, mozilla-django-oidc; decision 0901): on when a client id and the provider
# are set. Endpoints come from the discovery document unless set one by one.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY = os.environ.get("OIDC_OP_DISCOVERY", "")  # .../.well-known/openid-configuration
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_USE_BASIC_AUTH", default=False)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "identity:sso_callback"
KOERSVAST_SSO_USERNAME_CLAIM = os.environ.get("KOERSVAST_SSO_USERNAME_CLAIM", "preferred_username")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Shared assets live in the package (not in an app): our CSS and the npm-vendored libraries.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded files on the local disk (without KOERSVAST_S3_BUCKET); a container with a read-only
# root points it at a writable volume.
MEDIA_ROOT = Path(os.environ.get("KOERSVAST_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"


def file_storage() -> dict[str, object]:
    """Where files go (attachments, import workbooks, report PDFs, backups): Django's storage API.

    With KOERSVAST_S3_BUCKET set, S3-compatible object storage (django-storages; MinIO, Ceph,
    a cloud's object store), so that every web pod and worker sees the same files; otherwise
    the local disk under MEDIA_ROOT, as on a single server. Files are never served from a public
    URL: downloads go through a view that checks the user's rights.
    """
    bucket = os.environ.get("KOERSVAST_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, object] = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("KOERSVAST_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("KOERSVAST_S3_REGION") or None,
        "access_key": os.environ.get("KOERSVAST_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("KOERSVAST_S3_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("KOERSVAST_S3_PREFIX", ""),  # a folder within the bucket
        "addressing_style": os.environ.get("KOERSVAST_S3_ADDRESSING_STYLE", "path"),
        "default_acl": None,  # the bucket's own policy (private)
        "querystring_auth": True,
        "file_overwrite": False,  # a second upload with the same name gets a new name
        "verify": env_bool("KOERSVAST_S3_VERIFY_TLS", default=True),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads (core/uploads.py): the largest file accepted per kind, and the limits an .xlsx must
# stay within when unpacked (decompression bombs). Set the reverse proxy's body limit
# (nginx client_max_body_size) a little above the largest of these.
UPLOAD_MAX_BYTES = {
    "xlsx": 5 * 2**20,  # equal to the Excel reader's own limit (spreadsheets/constants.py)
    "json": 1 * 2**20,
    "csv": 5 * 2**20,
    "attachment": int(os.environ.get("UPLOAD_MAX_ATTACHMENT_MB", "20")) * 2**20,
}
XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 2**20
XLSX_MAX_COMPRESSION_RATIO = 100
XLSX_MAX_MEMBERS = 2_000
# Files above 2.5 MB are spooled to a temporary file instead of memory; ordinary form posts
# (everything but files) may not exceed 2.5 MB or 1,000 fields.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
DATA_UPLOAD_MAX_NUMBER_FILES = 10


def mailers(default_backend: str) -> dict[str, dict[str, object]]:
    """Django's MAILERS setting from the EMAIL_* environment variables."""
    backend = os.environ.get("EMAIL_BACKEND", default_backend)
    options: dict[str, object] = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers("django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Koersvast <noreply@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy: scripts only from our own origin (no inline script anywhere); inline
# style attributes are allowed because charts and CSS custom properties set them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")  # "json": one JSON object per line
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "koersvast.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # lockouts still show; every login attempt does not
        "fontTools": {"level": "WARNING"},  # WeasyPrint subsets fonts: ~40 INFO lines a PDF
        # Audit events as log lines are for a log collector, not for a developer's terminal.
        "koersvast.audit": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}

# REST API (`koersvast.api`, decision 0703): personal tokens scoped to one municipality,
# problem+json errors, page-number paging, filtering and ordering on every list.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["koersvast.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON with the control characters removed from every string (core/text.py).
    "DEFAULT_PARSER_CLASSES": ["koersvast.api.parsers.CleanJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "koersvast.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Koersvast API",
    "DESCRIPTION": "Portfoliomanagement voor gemeenten. Zie docs/api.md.",
    "VERSION": __version__,  # the same as the API-Version response header
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,  # paths relative to the server URL, which has /v1
    # Who answers questions about this installation's API (NL API Design Rules).
    "CONTACT": {
        "name": os.environ.get("API_CONTACT_NAME", "Koersvast"),
        "email": os.environ.get("API_CONTACT_EMAIL", "api@koersvast.nl"),
        "url": os.environ.get("API_CONTACT_URL", "https://koersvast.nl"),
    },
    "LICENSE": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "koersvast.monitoring.choices.Rag",
        "LifecycleStateEnum": "koersvast.portfolio.choices.LifecycleState",
        "ReportStatusEnum": "koersvast.monitoring.choices.ReportStatus",
        "RiskStatusEnum": "koersvast.monitoring.choices.RiskStatus",
        "RunStatusEnum": "koersvast.planning.choices.RunStatus",
        "BodyKindEnum": "koersvast.intake.choices.BodyKind",
        "BudgetKindEnum": "koersvast.portfolio.choices.BudgetKind",
        "LeverKindEnum": "koersvast.planning.choices.LeverKind",
        "ObjectiveSourceEnum": "koersvast.framework.choices.ObjectiveSource",
        "RiskSourceEnum": "koersvast.monitoring.choices.RiskSource",
        "FundingSourceEnum": "koersvast.finance.choices.FundingSource",
        "BudgetVersionKindEnum": "koersvast.finance.choices.BudgetVersionKind",
        "CouncilMomentKindEnum": "koersvast.council.choices.MomentKind",
        "CouncilItemKindEnum": "koersvast.council.choices.ItemKind",
        "CouncilItemStatusEnum": "koersvast.council.choices.ItemStatus",
        "DependencyKindEnum": "koersvast.portfolio.choices.DependencyKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "koersvast.api.schema.add_problem_responses",
    ],
}
