"""KiSA settings.

Every value comes from the environment (or a local `.env` written by `make install` for development).
Unset values fall back to production-safe defaults: DEBUG off, secure cookies, HSTS, no hosts allowed.
"""

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set (see README, 'Production').")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# KiSA's apps come first: their German catalogues then win over Django's (admin says "Sichern" for "Save").
INSTALLED_APPS = [
    "kisa.core",
    "kisa.accounts",
    "kisa.registry",
    "kisa.cases",
    "kisa.documentation",
    "kisa.surveys",
    "kisa.directory",
    "kisa.participation",
    "kisa.planning",
    "kisa.family_centres",
    "kisa.reports",
    "kisa.budget",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "kisa.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kisa.accounts.middleware.SecondFactorSessionMiddleware",  # request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "kisa.accounts.middleware.IdleSessionTimeoutMiddleware",
    "kisa.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kisa.core.faults.DatabaseUnavailableMiddleware",
    "kisa.core.faults.IdempotencyMiddleware",
    "kisa.core.middleware.ExportAuditMiddleware",  # every file download: an `export` audit entry
    # Last, as django-axes asks: it turns its lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "kisa.accounts.context_processors.membership",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'kisa.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (config/celery.py): a Redis broker in production, in-process when unset.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "Europe/Berlin"

# Rate limits and other short-lived counters. Production with several workers points CACHE_URL at Redis
# (redis://127.0.0.1:6379/1); the zero-setup default is per process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://kisa")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login attempt while the account or the source address is locked out.
    "kisa.accounts.backends.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Passwords known from breaches, offline: the project's own list (kisa/accounts/data/), see operations.md.
    {"NAME": "kisa.accounts.password_validation.BreachedPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German"))]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
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
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# Upload limits: registry imports are small tables; anything bigger is a mistake or an attack.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Any request body above this is refused outright (413), uploads included.
KISA_MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=8 * 1024 * 1024)

# Security: production defaults, relaxed only through the environment (development `.env`).
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # absolute upper bound
# Signed out after this many seconds without a request (kisa.accounts.middleware.IdleSessionTimeoutMiddleware).
KISA_SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Production runs behind a TLS-terminating reverse proxy (README) that sets X-Forwarded-Proto. Without
# such a proxy the header would come from clients, so it can be switched off.
if env.bool("TRUST_X_FORWARDED_PROTO", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only the application's own scripts and styles, nothing inline.
# KERN UX draws its icons as data: SVGs, QR codes for 2FA come as data: URIs too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
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
}

# Two-factor authentication (django-otp): mandatory for the roles that read case content or personal
# data. TWO_FACTOR_ENFORCED=false (development, CI and demo `.env` only) switches the obligation off; a
# user who has set up a device is asked for a code all the same.
TWO_FACTOR_ENFORCED = env.bool("TWO_FACTOR_ENFORCED", default=True)
KISA_2FA_REQUIRED_ROLES: list[str] = (
    env.list("TWO_FACTOR_REQUIRED_ROLES", default=["coordinator", "social_worker", "admin"])
    if TWO_FACTOR_ENFORCED
    else []
)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="KiSA")
KISA_RECOVERY_CODE_COUNT = 10

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures an account AND, separately, a source
# address are locked for the cool-off time; a coordinator or admin can unlock earlier (operations.md).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "kisa.accounts.backends.client_ip"
# Behind the TLS proxy, the client address is the last one the proxy appends to X-Forwarded-For. Only
# with such a proxy (README, "Production"): otherwise clients could choose their own address.
KISA_TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)

# How long the answer to an API write with an Idempotency-Key is kept for a retry (kisa.core.faults).
KISA_IDEMPOTENCY_HOURS = 24

# Every refused request (403) is written to the audit trail (kisa.core.audit.audit_denied).
KISA_AUDIT_DENIALS = True

# Invitations: a one-time link to set one's own password, valid this many hours.
KISA_INVITATION_VALID_HOURS = env.int("INVITATION_VALID_HOURS", default=72)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kisa@localhost")

# Backups (manage.py backup / restore): optional Fernet key; without it archives are written unencrypted.
KISA_BACKUP_KEY = env.str("BACKUP_ENCRYPTION_KEY", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# KiSA-specific settings.
KISA_DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="kisa-demo-2026")
KISA_API_PAGE_SIZE = 50
# Aggregates over fewer people or responses than this are suppressed for aggregate-only roles.
KISA_SMALL_NUMBER_THRESHOLD = env.int("SMALL_NUMBER_THRESHOLD", default=5)

# Report generation (annual report files): on the Celery queue when a broker is configured, otherwise in a
# thread of the web process, so the page returns at once and shows progress; "inline" runs it in the request
# (tests).
KISA_REPORT_RUNNER = env.str("REPORT_RUNNER", default="celery" if CELERY_BROKER_URL else "thread")
# A report job queued or running without progress for this long counts as stopped (its process died): it is
# marked failed and can be generated again. Jobs and their files are deleted after the retention period
# (`manage.py cleanup_report_jobs`, daily; docs/reports.md).
KISA_REPORT_JOB_STALE_AFTER = dt.timedelta(minutes=env.int("REPORT_JOB_STALE_AFTER_MINUTES", default=30))
KISA_REPORT_JOB_RETENTION_DAYS = env.int("REPORT_JOB_RETENTION_DAYS", default=30)

# Planning cycle: by when (month, day of the plan year; the review in the following year) each phase of a
# Kita's yearly plan should be done. A phase past its date and not done shows as overdue.
KISA_PLANNING_DEADLINES = {
    "evaluation": (3, 31),
    "goals": (4, 30),
    "projects": (5, 31),
    "review": (1, 31),
}
# Sozialraumbudget: refuse bookings beyond the budget (True) or save them with a warning (False), for
# offices that have not set it themselves on the budget settings page.
KISA_BUDGET_HARD_STOP = env.bool("BUDGET_HARD_STOP", default=False)

# Record types with a retention period: functions returning `kisa.core.retention.RetentionRule`s.
KISA_RETENTION_RULES: list[str] = [
    "kisa.cases.retention.retention_rules",
    "kisa.documentation.retention.retention_rules",
]

# Fernet keys for fields encrypted at rest (case contact data): the first encrypts, every key decrypts, so a
# new key goes first and the old one stays until `manage.py rotate_field_encryption` has run (docs/cases.md).
# Unset is allowed: only reading or writing encrypted data then fails, with a message naming this variable.
KISA_FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
# Further sections of a case's page (e.g. its activities): functions `(*, user, case) -> HomeSection | None`.
KISA_CASE_DETAIL_SECTIONS: list[str] = ["kisa.documentation.case_sections.case_detail_section"]

# Anonymous survey answers per round and source (hashed client address, kept only in the cache).
KISA_SURVEY_RATE_LIMIT = env.str("SURVEY_RATE_LIMIT", default="30/h")

# The start page's sections, top to bottom: functions `(*, user) -> HomeSection | None` (kisa.core.selectors).
# A new app adds its own here instead of editing core.
KISA_HOME_SECTIONS = [
    "kisa.registry.home.home_section",
    "kisa.documentation.home.home_section",
    "kisa.cases.home.home_section",
    "kisa.surveys.home.home_section",
    "kisa.participation.home.home_section",
    "kisa.planning.home.home_section",
    "kisa.family_centres.home.home_section",
    "kisa.reports.home.home_section",
    "kisa.directory.home.home_section",
    "kisa.budget.home.home_section",
    "kisa.core.selectors.latest_changes_section",
]

# Offer directory and reachability (docs/reachability.md). Map tiles only from a server the operator names
# (e.g. "https://tiles.example.org/{z}/{x}/{y}.png"); empty: maps are server-rendered SVG, no third party.
KISA_MAP_TILE_URL = env.str("KISA_MAP_TILE_URL", default="")
KISA_REACHABILITY_WALK_MAX_METRES = env.int("KISA_REACHABILITY_WALK_MAX_METRES", default=1000)
KISA_REACHABILITY_WALK_SPEED_KMH = env.float("KISA_REACHABILITY_WALK_SPEED_KMH", default=4.5)
KISA_REACHABILITY_MIN_TRANSFER_MINUTES = env.int("KISA_REACHABILITY_MIN_TRANSFER_MINUTES", default=3)
KISA_REACHABILITY_WINDOW_START = env.str("KISA_REACHABILITY_WINDOW_START", default="07:00")
KISA_REACHABILITY_WINDOW_END = env.str("KISA_REACHABILITY_WINDOW_END", default="09:00")
KISA_REACHABILITY_WINDOW_STEP_MINUTES = env.int("KISA_REACHABILITY_WINDOW_STEP_MINUTES", default=10)
KISA_REACHABILITY_WEEKDAY = env.int("KISA_REACHABILITY_WEEKDAY", default=1)  # Tuesday (Monday = 0)
KISA_REACHABILITY_DATE = env.str("KISA_REACHABILITY_DATE", default="")  # a fixed service day, YYYY-MM-DD
KISA_REACHABILITY_MAX_TRANSFERS = env.int("KISA_REACHABILITY_MAX_TRANSFERS", default=3)
KISA_REACHABILITY_MAX_MINUTES = env.int("KISA_REACHABILITY_MAX_MINUTES", default=180)
KISA_REACHABILITY_WHITE_SPOT_MINUTES = env.int("KISA_REACHABILITY_WHITE_SPOT_MINUTES", default=60)

# Public feedback: submissions per Kita and client address, receipt-code lookups per address (the address
# lives only in the cache key for the window, never in the database).
KISA_FEEDBACK_RATE = env.str("FEEDBACK_RATE", default="10/h")
KISA_RECEIPT_LOOKUP_RATE = env.str("RECEIPT_LOOKUP_RATE", default="30/h")
