"""Factories of the reports app (rows are made directly; the services are tested themselves)."""

from __future__ import annotations

import factory

from kisa.reports.models import ActivityReport


class ActivityReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReport

    youth_office = factory.SelfAttribute("kita.youth_office")
    year = 2025
    summary = "Viele Familien in der Sprechstunde."
    outlook = "Mehr Angebote für Väter."
