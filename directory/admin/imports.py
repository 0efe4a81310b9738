"""The coordinators' HSDS import page: upload a file, see what would change, confirm.

The preview names every change, and warns, with their number, of what would be
removed. Between the preview and the confirmation the file is kept in the database
(models/imports.py), under a random token that only the coordinator's session knows; it
is never served nor executed, and it is deleted once imported, cancelled or refused.
"""

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..hsds.files import MB
from ..hsds.foreign_terms import CrosswalkError, load_crosswalk
from ..hsds.importer import ImportFailed, import_hsds, preview_import
from ..hsds.messages import translated
from ..models import PendingImport, Service

MAX_UPLOAD_SIZE = 20 * MB  # bigger files: `manage.py import_hsds`
SESSION_KEY = "hsds_imports"
PERMISSION = "directory.add_service"
SHOWN_WARNINGS = 50


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
        help_text=gettext_lazy(
            "Un terme d'une autre taxonomie que la correspondance des taxonomies ne relie à "
            "aucune de nos catégories."
        ),
        choices=[
            ("keep", gettext_lazy("garder comme autre classement")),
            ("skip", gettext_lazy("ignorer cette catégorie")),
            ("error", gettext_lazy("refuser le fichier")),
        ],
        initial="keep",
    )
    crosswalk = forms.FileField(
        label=gettext_lazy("Correspondance des taxonomies (facultatif)"),
        required=False,
        help_text=gettext_lazy(
            "Un fichier CSV aux colonnes taxonomy, code, category (le slug de notre "
            "catégorie) : il est enregistré, et cet import comme les suivants l'utilisent."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("Ce fichier dépasse %(size)s Mo : importez-le avec la commande import_hsds.")
                % {"size": MAX_UPLOAD_SIZE // MB}
            )
        return upload

    def clean_crosswalk(self):
        """Saves the crosswalk at once (an edit of the crosswalk, as in its admin page)."""
        upload = self.cleaned_data.get("crosswalk")
        if upload:
            try:
                with transaction.atomic():
                    self.crosswalk_count = load_crosswalk(upload)
            except CrosswalkError as exc:
                raise forms.ValidationError(exc.args[0].translated()) from None
            except UnicodeDecodeError:
                raise forms.ValidationError(_("Ce fichier n'est pas du texte UTF-8.")) from None
        return upload


def _pending(request):
    return request.session.setdefault(SESSION_KEY, {})


def may_import(user):
    """Whether the user may import (within their scope, which the importer enforces)."""
    return user.has_perm(PERMISSION)


def import_page(model_admin, request):
    """Upload -> preview (nothing written) -> confirm (written) or cancel."""
    if not may_import(request.user):
        raise PermissionDenied
    if request.method == "POST":
        PendingImport.discard_stale()
    changelist = reverse("admin:directory_service_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Service._meta,
        "title": _("Importer un fichier HSDS"),
    }
    form = ImportForm()
    if request.method == "POST" and "token" in request.POST:
        pk = _pending(request).pop(request.POST["token"], None)
        request.session.modified = True
        pending = PendingImport.objects.filter(pk=pk, user=request.user).first() if pk else None
        if pending is None:
            messages.error(request, _("Cet aperçu a expiré : envoyez le fichier à nouveau."))
            return redirect(request.path)
        if "confirm" not in request.POST:
            pending.delete()
            messages.info(request, _("Import annulé : rien n'a été modifié."))
            return redirect(changelist)
        return _confirm(request, pending, changelist)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            if count := getattr(form, "crosswalk_count", 0):
                saved = _("Correspondance des taxonomies : %(count)s lignes enregistrées.")
                messages.success(request, saved % {"count": count})
            return _preview(request, form, context)
    return TemplateResponse(
        request, "admin/directory/service/import.html", context | {"form": form}
    )


def _options(request, lang, unknown_taxonomy):
    # No second process inside a web worker: files here are small enough without.
    # A coordinator's file may only touch the listings of their scope.
    return {
        "lang": lang,
        "unknown_taxonomy": unknown_taxonomy,
        "max_size": MAX_UPLOAD_SIZE,
        "parallel": False,
        "scope_user": None if request.user.is_superuser else request.user,
    }


def _preview(request, form, context):
    """Imports the upload as Django holds it, and rolls back; keeps it if it can be confirmed."""
    upload = form.cleaned_data["file"]
    chosen = {key: form.cleaned_data[key] for key in ("lang", "unknown_taxonomy")}
    report = preview_import(upload, **_options(request, **chosen))
    token = None
    if report.ok:
        token = secrets.token_urlsafe(16)
        _pending(request)[token] = PendingImport.store(request.user, upload, **chosen).pk
        request.session.modified = True
    return TemplateResponse(
        request,
        "admin/directory/service/import_preview.html",
        context
        | {
            "report": report,
            # In the coordinator's language, records named rather than numbered by id.
            "errors": [problem.translated() for problem in report.errors],
            "warnings": [problem.translated() for problem in report.warnings[:SHOWN_WARNINGS]],
            "schema": translated(report.schema),
            "filename": upload.name,
            "token": token,
            "created": report.count("services created"),
            "updated": report.count("services updated"),
            "unchanged": report.count("services unchanged"),
            "removed": report.count("removals"),
        },
    )


def _confirm(request, pending, changelist):
    try:
        report = import_hsds(
            pending.open(),
            user=request.user,
            **_options(request, pending.lang, pending.unknown_taxonomy),
        )
    except ImportFailed as failed:
        for error in failed.report.errors[:10]:
            messages.error(request, error.translated())
        messages.error(request, _("Rien n'a été importé."))
        return redirect(request.path)
    finally:
        pending.delete()
    messages.success(
        request,
        _(
            "Fichier %(name)s importé : %(created)s services créés, %(updated)s mis à jour, "
            "%(unchanged)s inchangés, %(removed)s éléments supprimés."
        )
        % {
            "name": pending.filename,
            "created": report.count("services created"),
            "updated": report.count("services updated"),
            "unchanged": report.count("services unchanged"),
            "removed": report.count("removals"),
        },
    )
    return redirect(changelist)
