"""The planning app's rows of the access matrix (kisa/core/access.py): its pages and its API."""

from kisa.planning.tests.access_api import ROWS as API_ROWS
from kisa.planning.tests.access_pages import ROWS as PAGE_ROWS

ROWS = [*PAGE_ROWS, *API_ROWS]
