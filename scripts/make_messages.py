"""Refresh every gettext catalogue (`make messages`): each app's `locale/` for every language it ships
(German for the staff UI; public pages also carry en, ar, tr, ru, uk and Leichte Sprache), then the
project-wide `locale/`, then compile.

Django is set up from the project root before changing into an app folder: started from inside one,
`manage.py` would import the app's own `rules.py` in place of the django-rules package.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

for locale_dir in sorted(ROOT.glob("kisa/*/locale")):
    languages = sorted(path.name for path in locale_dir.iterdir() if (path / "LC_MESSAGES").is_dir())
    os.chdir(locale_dir.parent)
    call_command("makemessages", locale=languages, no_obsolete=True, verbosity=0)
    sys.stdout.write(f"{locale_dir.parent.name}: {', '.join(languages)}\n")
os.chdir(ROOT)
call_command(
    "makemessages",
    locale=["de"],
    no_obsolete=True,
    ignore_patterns=["kisa/*", ".venv/*", "var/*"],
    verbosity=0,
)
call_command("compilemessages", ignore_patterns=[".venv/*"], verbosity=0)
