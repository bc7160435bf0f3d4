"""One settings module for every environment; production differs only by environment variables.

See .env.example for the variables and README.md for a production example.
"""

import datetime
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-DEBUG=1"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "treebeard",
    "django_htmx",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "portal.notices",
    "portal.jobs",
    "portal.attachments",
    "units",
    "campaigns",
    "blocs",
    "awards",
    "reports",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.errors.RejectNullCharacters",
    "units.accounts.OwnPasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Guessing passwords: after 5 failures for one username from one address, that pair waits 15 minutes
# (django-axes; attempts are in the database, unlocked early from the admin or `manage.py axes_reset`).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

ROOT_URLCONF = "config.urls"
# Error pages in Vietnamese (portal/errors.py; handler400 in config/urls.py).
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.csp_nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# No JIT compilation on the portal's connections: its queries read indexes for milliseconds, and the planner's
# cost of a correlated EXISTS (the decision list's, 5.9 million for a 4 ms query) made PostgreSQL compile for
# 158 ms first (decision 36). A DATABASE_URL with ?options=… says otherwise.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's minimum strength first (portal/passwords.py); PBKDF2 after it, so accounts
# made before it still log in, and their hash is rewritten with Argon2id at that login.
PASSWORD_HASHERS = [
    "portal.passwords.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first; English for visitors and developers.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Django's own "vi" formats read 07/03/1985 as 3 July; ours read it as 7 March.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", bootstrap_wrapper.get_bootstrap_dir())]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded files are private: no MEDIA_URL is routed; views serve them after the access check.
MEDIA_URL = "/private-media-not-served/"
# Uploads (attachments, files of web imports) go to MEDIA_ROOT on local disk, or to an S3-compatible
# bucket (AWS S3, MinIO, Viettel/VNPT/FPT object storage) when S3_BUCKET is set; the bucket stays private:
# files are read by the app and sent after the access check, never linked to directly.
if env_str("S3_BUCKET"):
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX"),
            "addressing_style": env_str("S3_ADDRESSING_STYLE") or None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# A running job's worker renews its lease every third of this; a job whose lease ran out lost its worker
# and is marked failed (portal.jobs.runner.recover), so this is also how long a dead worker goes unnoticed.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 60)
# Attachments: the largest file accepted, and the kinds accepted (checked by content, see portal/attachments/content.py).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_KINDS = env_list("ATTACHMENT_KINDS", ["pdf", "docx", "xlsx", "jpg", "png"])

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Form widgets are drawn from the project's templates too, so that templates/django/forms/ can say
# Django's empty choice "---------" in words ("— Chọn —"); filters say "Tất cả" (django-filter's setting).
# portal.widgets.Renderer is TemplatesSetting with selects written out in Python (the same markup, faster).
FORM_RENDERER = "portal.widgets.Renderer"
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Pages load only the project's own files; scripts need the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
    }
}

# With DEBUG off the portal expects HTTPS: it redirects http:// to https://, sends cookies over HTTPS
# only and asks browsers to remember that (HSTS). PLAIN_HTTP_TRIAL=1 turns all three off for a first
# trial over plain HTTP on a LAN, before the TLS proxy exists; `check --deploy` then warns
# (security.W004, W008, W012, W016), as it should: passwords cross the network readable.
PLAIN_HTTP_TRIAL = env_bool("PLAIN_HTTP_TRIAL", False)
_HTTPS_ONLY = not DEBUG and not PLAIN_HTTP_TRIAL
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _HTTPS_ONLY)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _HTTPS_ONLY)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS_ONLY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS_ONLY)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _HTTPS_ONLY)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client's address is the one the proxy adds last to X-Forwarded-For (one proxy in front).
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

PAGE_SIZE = 50

# The person_tree_order index INCLUDEs its filter columns on PostgreSQL; SQLite simply builds it without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Long work (web imports, later big exports) runs in a worker: `manage.py db_worker`, beside the app server.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Notices (portal/notices): always in the portal; these channels carry a copy from the task worker after commit.
# A Zalo Official Account or SMS channel is one more dotted path here (see portal/notices/channels.py).
NOTICE_CHANNELS = env_list("NOTICE_CHANNELS", ["portal.notices.channels.EmailChannel"])
# Who holds a role at a unit, for notify(role=..., unit=...): the portal asks units without importing it.
NOTICE_ROLE_HOLDERS = "units.notices.role_holders"
# The portal's address as users reach it, for the links in e-mails.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")

# Award documents (awards/documents; docs/decisions/0035-award-documents.md).
# The heading of a decision of a unit with no unit above it, and the place written before the date.
AWARD_DOCUMENT_TOP_BODY = env_str("AWARD_DOCUMENT_TOP_BODY", "TỔNG LĐLĐ VIỆT NAM")
AWARD_DOCUMENT_TOP_BODY_NAME = env_str("AWARD_DOCUMENT_TOP_BODY_NAME", "Tổng Liên đoàn Lao động Việt Nam")
AWARD_DOCUMENT_PLACE = env_str("AWARD_DOCUMENT_PLACE", "Điện Biên")
AWARD_DOCUMENT_PLACES: dict[str, str] = {}  # issuing unit code → its place, where it differs
# The issuing units' signing certificates (PKCS#12): unit code → {"pkcs12": path, "password": …}.
# A unit without one issues its PDF unsigned (the page says so) or uploads the PDF its signer signed.
AWARD_SIGNING_KEYS: dict[str, dict] = {}
if env_str("AWARD_SIGNING_UNIT") and env_str("AWARD_SIGNING_PKCS12"):
    AWARD_SIGNING_KEYS[env_str("AWARD_SIGNING_UNIT")] = {
        "pkcs12": env_str("AWARD_SIGNING_PKCS12"), "password": env_str("AWARD_SIGNING_PASSWORD"),
    }
# Certificates (PEM files) of the authorities whose signatures on uploaded PDFs count as trusted.
AWARD_SIGNING_TRUST_ROOTS = env_list("AWARD_SIGNING_TRUST_ROOTS", [])
