"""The coordinators' HSDS import page: upload a file, see what would change, confirm.

The uploaded file is kept between the preview and the confirmation in a private
temporary folder, under a random name that only the coordinator's session knows. It is
never served nor executed, and it is deleted once imported, cancelled or refused; files
left behind by abandoned previews are removed after a day.
"""

import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..hsds.files import MB
from ..hsds.importer import ImportFailed, import_hsds, preview_import
from ..models import Service

UPLOAD_DIR = Path(tempfile.gettempdir()) / "quartier-hsds-imports"
MAX_UPLOAD_SIZE = 20 * MB  # bigger files: `manage.py import_hsds`
MAX_AGE_SECONDS = 24 * 3600
SESSION_KEY = "hsds_imports"
PERMISSION = "directory.add_service"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier HSDS"),
        help_text=gettext_lazy(
            "Un fichier JSON de services HSDS 3.0, ou un ZIP contenant datapackage.json et "
            "les fichiers CSV. 20 Mo au plus."
        ),
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Langue des textes du fichier"),
        choices=[
            ("fr", gettext_lazy("français")),
            ("nl", gettext_lazy("néerlandais")),
            ("en", gettext_lazy("anglais")),
        ],
        initial="fr",
    )
    unknown_taxonomy = forms.ChoiceField(
        label=gettext_lazy("Catégorie inconnue"),
        choices=[
            ("error", gettext_lazy("refuser le fichier")),
            ("skip", gettext_lazy("ignorer cette catégorie")),
        ],
        initial="error",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("Ce fichier dépasse %(size)s Mo : importez-le avec la commande import_hsds.")
                % {"size": MAX_UPLOAD_SIZE // MB}
            )
        return upload


def _upload_dir():
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    cutoff = time.time() - MAX_AGE_SECONDS
    for stale in UPLOAD_DIR.glob("*.upload"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    return UPLOAD_DIR


def _store(upload):
    """Copies the upload under a random name; returns that name (never a client's path)."""
    name = f"{secrets.token_hex(16)}.upload"
    with (_upload_dir() / name).open("xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name


def _path(name):
    path = UPLOAD_DIR / Path(name).name
    return path if path.suffix == ".upload" else None


def _discard(name):
    if path := _path(name):
        path.unlink(missing_ok=True)


def _pending(request):
    return request.session.setdefault(SESSION_KEY, {})


def import_page(model_admin, request):
    """Upload -> preview (nothing written) -> confirm (written) or cancel."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    changelist = reverse("admin:directory_service_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Service._meta,
        "title": _("Importer un fichier HSDS"),
    }
    form = ImportForm()
    if request.method == "POST" and "token" in request.POST:
        pending = _pending(request).pop(request.POST["token"], None)
        request.session.modified = True
        if pending is None:
            messages.error(request, _("Cet aperçu a expiré : envoyez le fichier à nouveau."))
            return redirect(request.path)
        if "confirm" not in request.POST:
            _discard(pending["file"])
            messages.info(request, _("Import annulé : rien n'a été modifié."))
            return redirect(changelist)
        return _confirm(request, pending, changelist)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            return _preview(request, form, context)
    return TemplateResponse(
        request, "admin/directory/service/import.html", context | {"form": form}
    )


def _options(request, pending):
    # No second process inside a web worker: files here are small enough without.
    # A coordinator's file may only touch the listings of their scope.
    return {
        "lang": pending["lang"],
        "unknown_taxonomy": pending["unknown_taxonomy"],
        "parallel": False,
        "scope_user": None if request.user.is_superuser else request.user,
    }


def _preview(request, form, context):
    upload = form.cleaned_data["file"]
    pending = {
        "file": _store(upload),
        "filename": upload.name,
        "lang": form.cleaned_data["lang"],
        "unknown_taxonomy": form.cleaned_data["unknown_taxonomy"],
    }
    report = preview_import(
        _path(pending["file"]), max_size=MAX_UPLOAD_SIZE, **_options(request, pending)
    )
    token = None
    if report.ok:
        token = secrets.token_urlsafe(16)
        _pending(request)[token] = pending
        request.session.modified = True
    else:
        _discard(pending["file"])
    return TemplateResponse(
        request,
        "admin/directory/service/import_preview.html",
        context
        | {
            "report": report,
            "filename": upload.name,
            "token": token,
            "created": report.count("services created"),
            "updated": report.count("services updated"),
            "unchanged": report.count("services unchanged"),
        },
    )


def _confirm(request, pending, changelist):
    try:
        report = import_hsds(
            _path(pending["file"]),
            max_size=MAX_UPLOAD_SIZE,
            user=request.user,
            **_options(request, pending),
        )
    except ImportFailed as failed:
        for error in failed.report.errors[:10]:
            messages.error(request, str(error))
        messages.error(request, _("Rien n'a été importé."))
        return redirect(request.path)
    finally:
        _discard(pending["file"])
    messages.success(
        request,
        _(
            "Fichier %(name)s importé : %(created)s services créés, %(updated)s mis à jour, "
            "%(unchanged)s inchangés."
        )
        % {
            "name": pending["filename"],
            "created": report.count("services created"),
            "updated": report.count("services updated"),
            "unchanged": report.count("services unchanged"),
        },
    )
    return redirect(changelist)
