"""Background jobs. With `CELERY_BROKER_URL` set (Redis in production) a `celery -A config worker` runs them;
without it (the zero-setup default) `.delay()` runs the job in-process, so nothing else must be started."""

import os
import sys
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

_cwd_was_on_path = str(Path.cwd()) in sys.path
app = Celery("kisa")
# Celery's Django fixup puts the working directory first on sys.path. Started from inside an app folder
# (e.g. makemessages in kisa/<app>), the app's own rules.py would then shadow the django-rules package.
if not _cwd_was_on_path and sys.path[:1] == [str(Path.cwd())]:
    sys.path.pop(0)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
