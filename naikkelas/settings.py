"""The one settings module: everything that varies comes from the environment (.env.example)."""

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from naikkelas.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
TESTING = "pytest" in sys.modules
if not TESTING:
    # NAIKKELAS_ENV_FILE names another file (or /dev/null for none); real environment variables win.
    load_dotenv(Path(os.environ.get("NAIKKELAS_ENV_FILE") or PROJECT_DIR / ".env"))
VAR_DIR = Path(env_str("NAIKKELAS_VAR_DIR", "") or str(PROJECT_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])


def _development_key(purpose: str) -> str:
    """A key derived from SECRET_KEY, for DEBUG and tests only; production sets its own (check --deploy)."""
    import base64
    import hashlib

    return base64.urlsafe_b64encode(hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()).decode()


# Personal data at rest (naikkelas/core/crypto.py): Fernet keys, newest first, and the lookup hash key.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
LOOKUP_HASH_KEY = env_str("LOOKUP_HASH_KEY", "")
if not FIELD_ENCRYPTION_KEYS or not LOOKUP_HASH_KEY:
    if DEBUG or TESTING:
        FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_development_key("field-encryption")]
        LOOKUP_HASH_KEY = LOOKUP_HASH_KEY or _development_key("lookup-hash")
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS and LOOKUP_HASH_KEY must be set when DEBUG is off")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its templates, for FORM_RENDERER below
    "ninja",
    "django_tasks_db",
    "naikkelas.core",
    "naikkelas.regions",
    "naikkelas.accounts",
    "naikkelas.registry",
    "naikkelas.programs",
    "naikkelas.selection",
    "naikkelas.training",
    "naikkelas.mentoring",
    "naikkelas.notify",
    "naikkelas.outcomes",
    "naikkelas.privacy",
    "naikkelas.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # outside the session and access-log middleware, whose writes can meet a locked SQLite database too
    "naikkelas.core.middleware.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "naikkelas.core.middleware.SessionRefreshMiddleware",
    "naikkelas.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "naikkelas.accounts.middleware.AccountSecurityMiddleware",
    "naikkelas.core.access_log.AccessLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "naikkelas.urls"
WSGI_APPLICATION = "naikkelas.wsgi.application"

# Forms render through the project's templates (templates/django/forms/ overrides Django's label).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["naikkelas.core.templatetags.nk"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "") or f"sqlite:///{VAR_DIR / 'naikkelas.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
# SQLite: WAL lets pages read while one writer writes; IMMEDIATE takes the write lock when a transaction
# begins (no deadlocked upgrades); a writer waits up to `timeout` seconds for the lock before "database is
# locked", which core.middleware answers with 503 "try again". Long writes (imports) commit in chunks,
# so the wait stays short.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
# Django's own psycopg pool (PostgreSQL): DB_POOL_MAX_SIZE connections at most per process, kept open
# between requests (DB_CONN_MAX_AGE must then be 0). Off by default; behind PgBouncer in transaction
# mode leave it off (docs/deploy.md).
DB_POOL_MIN_SIZE = env_int("DB_POOL_MIN_SIZE", 0)
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0)
_POOL = {
    "min_size": DB_POOL_MIN_SIZE,
    "max_size": DB_POOL_MAX_SIZE,
    "timeout": env_int("DB_POOL_TIMEOUT_SECONDS", 10),
}
# A PostgreSQL streaming replica for the reads of reports and exports (naikkelas/core/replica.py): used
# while it is at most REPLICA_MAX_LAG_SECONDS behind, checked at most every REPLICA_CHECK_SECONDS.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 5)
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 3)
if DATABASE_REPLICA_URL:
    # in tests the replica serves the primary's test database, which it receives by streaming
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Behind PgBouncer in transaction mode a connection changes hands between transactions: no named
# (server-side) cursors, which the cohort report's streamed reads would use, no prepared statements,
# and no pool of our own on top of PgBouncer's.
DB_PGBOUNCER_TRANSACTION_MODE = env_bool("DB_PGBOUNCER_TRANSACTION_MODE", False)
if DB_PGBOUNCER_TRANSACTION_MODE and DB_POOL_MAX_SIZE:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DB_POOL_MAX_SIZE must be 0 behind PgBouncer (DB_PGBOUNCER_TRANSACTION_MODE)")
for _alias in DATABASES:
    if DATABASES[_alias]["ENGINE"] != "django.db.backends.postgresql":
        continue
    if DB_POOL_MAX_SIZE:
        DATABASES[_alias].setdefault("OPTIONS", {})["pool"] = dict(_POOL)
        DATABASES[_alias]["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not
    if DB_PGBOUNCER_TRANSACTION_MODE:
        DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES[_alias].setdefault("OPTIONS", {})["prepare_threshold"] = None
DATABASE_ROUTERS = ["naikkelas.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # each role's home (accounts/home.py)
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = ["naikkelas.accounts.backends.LockoutBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in lockout: this many failures inside the window lock the account, or the address, for the window.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
# Trusted reverse proxies in front of the app (their X-Forwarded-For gives the client's address).
PROXY_COUNT = env_int("PROXY_COUNT", 0)
# Admins must verify a TOTP code after their password. Only the demo turns this off.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# Sessions end after this many idle minutes, and in any case this many hours after sign-in.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
# The idle timeout slides with use, but the session row is written at most once per
# SESSION_REFRESH_SECONDS (core.middleware.SessionRefreshMiddleware), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Transport and headers. Behind TLS (production) SECURE_COOKIES and HTTPS redirects are on; HSTS is a
# separate decision (HSTS_SECONDS), because browsers remember it.
_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _SECURE
CSRF_COOKIE_SECURE = _SECURE
LANGUAGE_COOKIE_SECURE = _SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# No inline scripts anywhere: scripts and styles come from this site only (images may be data: URIs for
# generated charts and QR codes).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# whitenoise serves the collected, fingerprinted files (collectstatic) with far-future cache headers;
# STATIC_MANIFEST=false uses the plain names (in-process benchmarks that never run collectstatic).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG) and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Two queues, each with its own worker (./run serve, docs/deploy.md): an import can take minutes, and
# messages (sign-in codes, reminders) must not wait behind it.
TASK_QUEUE_IMPORTS = "imports"
TASK_QUEUES = ["default", TASK_QUEUE_IMPORTS]
# TASKS_BACKEND: db (the database, `naikkelas db_worker`), rq (Redis through RQ, `naikkelas rqworker
# --job-class django_tasks_rq.Job default imports`, for several machines), or a backend's dotted path.
TASKS_BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
TASKS_BACKEND = env_str("TASKS_BACKEND", "db")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND), "QUEUES": TASK_QUEUES}}
# The Redis of the RQ backend (django-rq): one RQ queue per task queue.
RQ_REDIS_URL = env_str("RQ_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {name: {"URL": RQ_REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in TASK_QUEUES}
if TASKS["default"]["BACKEND"] == TASKS_BACKENDS["rq"]:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

# Imports (naikkelas/registry/services/imports.py): an .xlsx is a zip, refused before it is opened when its parts
# would unpack to more than this many MB together (200,000 plain rows take about 210 MB), when its shared
# strings (read whole into memory) exceed this many MB, or when a part unpacks to more than this many
# times its packed size (spreadsheets pack 5-30 times; a "zip bomb" thousands).
IMPORT_XLSX_MAX_INFLATED_MB = env_int("IMPORT_XLSX_MAX_INFLATED_MB", 300)
IMPORT_XLSX_MAX_SHARED_STRINGS_MB = env_int("IMPORT_XLSX_MAX_SHARED_STRINGS_MB", 100)
IMPORT_XLSX_MAX_RATIO = env_int("IMPORT_XLSX_MAX_RATIO", 100)
# A checking or writing import whose worker has not given a sign of life (it does every few seconds) for
# this many minutes lost its worker; `naikkelas tick` and the import's page fail it.
IMPORT_STALE_MINUTES = env_int("IMPORT_STALE_MINUTES", 5)

# A file cache is shared by the web and worker processes of one machine (import progress lives there);
# several machines need a shared cache such as Redis: CACHE_BACKEND / CACHE_LOCATION.
CACHES = {
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": env_str("CACHE_LOCATION", "") or str(VAR_DIR / "cache"),
    }
}

# Email: the console by default (messages are printed); SMTP in production through EMAIL_* variables.
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": {"host": env_str("EMAIL_HOST", "localhost"), "port": env_int("EMAIL_PORT", 25)}
        if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "naikkelas@localhost")
# The address applicants' status links start with (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Notifications: the gateway adapter per channel (naikkelas.notify.gateways: EmailGateway, ManualGateway
# for staff sending by WhatsApp click-to-chat, WebhookGateway for a provider, FakeGateway for tests).
NOTIFY_GATEWAYS = {
    "email": env_str("NOTIFY_EMAIL_GATEWAY", "naikkelas.notify.gateways.EmailGateway"),
    "whatsapp": env_str("NOTIFY_WHATSAPP_GATEWAY", "naikkelas.notify.gateways.ManualGateway"),
    "sms": env_str("NOTIFY_SMS_GATEWAY", "naikkelas.notify.gateways.ManualGateway"),
}
NOTIFY_WEBHOOK_URL = env_str("NOTIFY_WEBHOOK_URL", "")
NOTIFY_WEBHOOK_TOKEN = env_str("NOTIFY_WEBHOOK_TOKEN", "")
# WhatsApp Business Platform (Cloud API), for NOTIFY_WHATSAPP_GATEWAY=naikkelas.notify.gateways.WhatsAppCloudGateway
WHATSAPP_BASE_URL = env_str("WHATSAPP_BASE_URL", "https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_TOKEN = env_str("WHATSAPP_TOKEN", "")
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN", "")
# An Indonesian WhatsApp provider in Qontak's shape (NOTIFY_WHATSAPP_GATEWAY=naikkelas.notify.gateways.QontakGateway)
QONTAK_BASE_URL = env_str("QONTAK_BASE_URL", "https://service-chat.qontak.com/api/open/v1")
QONTAK_TOKEN = env_str("QONTAK_TOKEN", "")
QONTAK_CHANNEL_ID = env_str("QONTAK_CHANNEL_ID", "")
# SMS in Zenziva's shape (NOTIFY_SMS_GATEWAY=naikkelas.notify.gateways.ZenzivaSmsGateway)
ZENZIVA_URL = env_str("ZENZIVA_URL", "https://console.zenziva.net/reguler/api/sendsms/")
ZENZIVA_USERKEY = env_str("ZENZIVA_USERKEY", "")
ZENZIVA_PASSKEY = env_str("ZENZIVA_PASSKEY", "")
# A reminder whose WhatsApp message failed for good is sent again by SMS (when an SMS gateway sends by itself).
NOTIFY_SMS_FALLBACK = env_bool("NOTIFY_SMS_FALLBACK", True)
# A failed send is tried again after 1, 2, 4, ... times this many seconds, at most this many attempts.
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 5)
NOTIFY_RETRY_BASE_SECONDS = env_int("NOTIFY_RETRY_BASE_SECONDS", 60)
NOTIFY_FAKE_LATENCY_MS = env_int("NOTIFY_FAKE_LATENCY_MS", 0)
# The outbox claims up to NOTIFY_BATCH_SIZE due messages at once and sends at most NOTIFY_CONCURRENCY of
# them at a time per gateway (a provider's rate limit may want fewer).
NOTIFY_BATCH_SIZE = env_int("NOTIFY_BATCH_SIZE", 200)
NOTIFY_CONCURRENCY = env_int("NOTIFY_CONCURRENCY", 32)

# Consultations: the first answer is due within this many working days; past it the request goes to the
# regency/city admin, and this many working days later to the province. An answered request closes by
# itself after this many days without a reply from the participant.
CONSULTATION_RESPONSE_WORKING_DAYS = env_int("CONSULTATION_RESPONSE_WORKING_DAYS", 2)
CONSULTATION_PROVINCE_AFTER_WORKING_DAYS = env_int("CONSULTATION_PROVINCE_AFTER_WORKING_DAYS", 2)
CONSULTATION_AUTOCLOSE_DAYS = env_int("CONSULTATION_AUTOCLOSE_DAYS", 7)
# Follow-ups: a reminder this many days before the due date and again this many days after it; a
# personal link stops working this many days after the due date.
FOLLOWUP_REMIND_BEFORE_DAYS = env_int("FOLLOWUP_REMIND_BEFORE_DAYS", 7)
FOLLOWUP_REMIND_AFTER_DAYS = env_int("FOLLOWUP_REMIND_AFTER_DAYS", 7)
FOLLOWUP_LINK_DAYS = env_int("FOLLOWUP_LINK_DAYS", 60)
# The owner may correct a typo in figures she sent through her link for this many hours.
FOLLOWUP_CORRECTION_HOURS = env_int("FOLLOWUP_CORRECTION_HOURS", 24)

# Outcomes: the impact estimate's bootstrap (replicates and seed, so the interval is reproducible), the
# winsorizing percentiles (fixed in advance), and when to warn instead of concluding: fewer answered
# members than this in a group, or baselines further apart than this standardized difference.
OUTCOMES_BOOTSTRAP_REPLICATES = env_int("OUTCOMES_BOOTSTRAP_REPLICATES", 2000)
OUTCOMES_BOOTSTRAP_SEED = env_int("OUTCOMES_BOOTSTRAP_SEED", 2021)
# Larger groups are resampled m out of n with m = this (see outcomes/stats.py), so the cost stays bounded.
OUTCOMES_BOOTSTRAP_MAX_RESAMPLE = env_int("OUTCOMES_BOOTSTRAP_MAX_RESAMPLE", 5000)
OUTCOMES_WINSOR_PERCENTILES = (1.0, 99.0)
OUTCOMES_MIN_GROUP = env_int("OUTCOMES_MIN_GROUP", 30)
OUTCOMES_MAX_IMBALANCE = 0.25
# The estimates run in a background task (outcomes/estimates.py); one queued this many minutes ago and
# still not done is taken to have lost its worker and is queued again by the next visit.
OUTCOMES_ESTIMATE_STALE_MINUTES = env_int("OUTCOMES_ESTIMATE_STALE_MINUTES", 30)
# A request checks whether the data behind an estimate changed at most this often per cohort (the check
# is three aggregate queries over the cohort); 0 checks on every request.
OUTCOMES_FINGERPRINT_SECONDS = env_int("OUTCOMES_FINGERPRINT_SECONDS", 60)
# A national or province report reads the per-region summary tables (`outcomes.summaries`); a read of
# summaries older than this queues their refresh (the page shows their age meanwhile).
OUTCOMES_SUMMARY_MAX_AGE_SECONDS = env_int("OUTCOMES_SUMMARY_MAX_AGE_SECONDS", 900)
# Local heroes need at least this monthly turnover at baseline (whole rupiah).
OUTCOMES_HERO_MIN_OMZET = env_int("OUTCOMES_HERO_MIN_OMZET", 10_000_000)
# A local hero grew: follow-up turnover at least this many percent above the baseline.
OUTCOMES_HERO_MIN_GROWTH_PERCENT = env_int("OUTCOMES_HERO_MIN_GROWTH_PERCENT", 10)

# Personal data (UU 27/2022): requests of data subjects are due within this many hours (3 × 24), and
# what is kept how long (days): uploaded import files, the access log, sent messages, and the personal
# data of applicants who were never selected and did not agree to follow-ups (after their batch ends).
PRIVACY_RESPONSE_HOURS = env_int("PRIVACY_RESPONSE_HOURS", 72)
RETENTION_IMPORT_FILE_DAYS = env_int("RETENTION_IMPORT_FILE_DAYS", 30)
RETENTION_ACCESS_LOG_DAYS = env_int("RETENTION_ACCESS_LOG_DAYS", 730)
RETENTION_MESSAGE_DAYS = env_int("RETENTION_MESSAGE_DAYS", 365)
RETENTION_APPLICANT_DAYS = env_int("RETENTION_APPLICANT_DAYS", 730)

# Bearer tokens of the API live this many days.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)

# The registry list and API page size.
PAGE_SIZE = env_int("PAGE_SIZE", 25)
# A registry list the planner expects to hold at least this many enterprises shows "sekitar" its estimate
# instead of counting them on every page.
REGISTRY_EXACT_COUNT_BELOW = env_int("REGISTRY_EXACT_COUNT_BELOW", 10000)

# The phone keeps a field worker's pages in the background (core.offline); off only in tests.
OFFLINE_PREFETCH_PAGES = env_bool("OFFLINE_PREFETCH_PAGES", True)

if TESTING:
    import tempfile

    # The live server of the browser tests shares one SQLite connection between its threads: a
    # background page fetch beside the test's own navigation misuses it.
    OFFLINE_PREFETCH_PAGES = False
    # tests change the data between two requests and expect the page to notice at once
    OUTCOMES_FINGERPRINT_SECONDS = 0

    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="naikkelas-media-"))
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests sign staff in with force_login; the two-step tests turn this on themselves.
    TWO_FACTOR_REQUIRED = False
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
    TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}
    }
    NOTIFY_GATEWAYS = {
        "email": "naikkelas.notify.gateways.EmailGateway",
        "whatsapp": "naikkelas.notify.gateways.FakeGateway",
        "sms": "naikkelas.notify.gateways.FakeGateway",
    }
