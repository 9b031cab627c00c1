"""The reports app's rows of the access matrix (kisa/core/access.py)."""

from kisa.reports.tests.access_activity_reports import ROWS as ACTIVITY_REPORT_ROWS
from kisa.reports.tests.access_dashboard import ROWS as DASHBOARD_ROWS
from kisa.reports.tests.access_jobs import ROWS as JOB_ROWS

ROWS = [*DASHBOARD_ROWS, *JOB_ROWS, *ACTIVITY_REPORT_ROWS]
