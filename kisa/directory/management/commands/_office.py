"""Which youth office a directory command works on."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from kisa.registry.models import YouthOffice


def add_office_argument(parser: CommandParser) -> None:
    parser.add_argument("--office", help="Name or id of the youth office (needed when there are several).")


def office_from(value: str | None) -> YouthOffice:
    offices = YouthOffice.objects.all()
    if value:
        office = (
            offices.filter(pk=int(value)).first() if value.isdigit() else offices.filter(name=value).first()
        )
        if office is None:
            raise CommandError(f"No youth office {value!r}.")
        return office
    if offices.count() != 1:
        raise CommandError("Name the youth office with --office (there is not exactly one).")
    return offices.get()
