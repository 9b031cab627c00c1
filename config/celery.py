"""Background jobs. With `CELERY_BROKER_URL` set (Redis in production) a `celery -A config worker` runs them;
without it (the zero-setup default) `.delay()` runs the job in-process, so nothing else must be started."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kisa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
