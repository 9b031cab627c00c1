"""The registry import page: upload a CSV/XLSX file, see what was imported or every error."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kisa.accounts.selectors import membership_of
from kisa.core.permissions import requires
from kisa.registry.forms_import import ImportUploadForm, import_kinds_for
from kisa.registry.imports import import_layouts, registry_import


@requires("registry.open_import")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload for the kinds the user may import (the form offers no other); on any error nothing is written."""
    kinds = import_kinds_for(request.user)
    result = None
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = registry_import(
                kind=form.cleaned_data["kind"],
                file=upload,
                filename=upload.name,
                youth_office=membership_of(request.user).youth_office,
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = ImportUploadForm(kinds=kinds)
    context = {"form": form, "result": result, "layouts": import_layouts(kinds)}
    return render(request, "registry/import_form.html", context)
