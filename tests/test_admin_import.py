"""A coordinator imports an HSDS file from the admin: upload, preview, confirm."""

import json
import os
import stat
import tempfile
import zipfile
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from directory.admin import imports as admin_import
from directory.models import Audience, Category, Location, PendingImport, Service
from tests.factories import make_service
from tests.test_hsds_import_export import service_record

pytestmark = pytest.mark.django_db

PAGE = "/admin/directory/service/import/"


@pytest.fixture(autouse=True)
def machine_tmp(tmp_path, monkeypatch, settings):
    """The machine's temporary folder, shared with its other users, as an empty folder.

    Uploads are spooled to a file (as a big one would be) so we can see where they go.
    """
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return folder


def upload(content, name="services.json"):
    if not isinstance(content, bytes):
        content = json.dumps(content).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def send(client, content, **fields):
    extra = {key: fields.pop(key) for key in list(fields) if key.startswith("HTTP_")}
    return client.post(
        PAGE, {"file": upload(content), "lang": "fr", "unknown_taxonomy": "error"} | fields, **extra
    )


def test_the_service_list_links_to_the_import_page(admin_client):
    response = admin_client.get("/admin/directory/service/")

    assert PAGE in response.content.decode()


def test_a_coordinator_previews_then_confirms_an_import(admin_client, reference, machine_tmp):
    response = send(admin_client, [service_record()])

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 service nouveau" in page and "Colis du Canal" in page
    assert not Service.objects.exists()
    assert PendingImport.objects.count() == 1 and list(machine_tmp.iterdir()) == []
    token = response.context["token"]

    confirmed = admin_client.post(PAGE, {"token": token, "confirm": "1"}, follow=True)

    service = Service.objects.get()
    assert service.name_fr == "Colis du Canal"
    assert service.history.get().history_user.is_superuser
    assert "1 services créés" in confirmed.content.decode()
    assert not PendingImport.objects.exists() and list(machine_tmp.iterdir()) == []


def test_a_bad_file_shows_its_errors_and_writes_nothing(admin_client, reference, machine_tmp):
    bad = service_record()
    bad["service_at_locations"][0]["location"]["latitude"] = 100

    response = send(admin_client, [bad])

    page = unescape(response.content.decode())
    assert (
        "Fiche 1 « Colis du Canal », service_at_locations[0].location.latitude : "
        "100 est hors de -90..90 : pas sur la Terre"
    ) in page
    assert bad["id"] not in page  # named, not numbered by id
    assert response.context["token"] is None
    assert 'name="confirm"' not in page
    assert not Service.objects.exists()
    assert not PendingImport.objects.exists() and list(machine_tmp.iterdir()) == []


def test_a_zipped_data_package_is_previewed_then_imported(admin_client, reference, tmp_path):
    from tests.test_hsds_import_export import export

    make_service("Colis", phones=("02 111 11 11",))
    folder = export(tmp_path / "package", fmt="csv")
    Service.objects.all().delete()
    with zipfile.ZipFile(tmp_path / "package.zip", "w") as archive:
        for member in folder.iterdir():
            archive.write(member, member.name)

    response = send(admin_client, (tmp_path / "package.zip").read_bytes())

    assert response.context["report"].count("services created") == 1
    send_token(admin_client, response)
    assert [p.number for p in Service.objects.get().phones.all()] == ["02 111 11 11"]


def test_malformed_json_is_an_error_not_a_crash(admin_client, reference):
    response = send(admin_client, b"{not json")

    assert "JSON mal formé à la ligne 1 : Expecting property name" in response.content.decode()
    assert not Service.objects.exists()


def test_cancelling_deletes_the_upload(admin_client, reference, machine_tmp):
    token = send(admin_client, [service_record()]).context["token"]

    admin_client.post(PAGE, {"token": token, "cancel": "1"})

    assert not Service.objects.exists()
    assert not PendingImport.objects.exists() and list(machine_tmp.iterdir()) == []


def test_a_token_works_once_and_only_for_its_session(admin_client, client, reference):
    token = send(admin_client, [service_record()]).context["token"]
    other = User.objects.create_superuser("other", "o@example.org", "pw")
    client.force_login(other)

    client.post(PAGE, {"token": token, "confirm": "1"})
    assert not Service.objects.exists()
    admin_client.post(PAGE, {"token": token, "confirm": "1"})
    admin_client.post(PAGE, {"token": token, "confirm": "1"})

    assert Service.objects.count() == 1


def test_a_file_too_big_for_the_page_is_refused(admin_client, reference, monkeypatch):
    monkeypatch.setattr(admin_import, "MAX_UPLOAD_SIZE", 10)

    response = send(admin_client, [service_record()])

    assert "import_hsds" in response.content.decode()
    assert not Service.objects.exists()


def test_people_outside_the_coordination_are_refused(client, reference):
    assert client.get(PAGE).status_code == 302  # to the login page
    staff = User.objects.create_user("worker", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(PAGE).status_code == 403
    assert send(client, [service_record()]).status_code == 403
    assert not Service.objects.exists()


# What the preview says ---------------------------------------------------------------


def test_the_preview_names_each_change_and_warns_of_removals(admin_client, reference):
    record = service_record()
    second = json.loads(json.dumps(record["service_at_locations"][0]))
    second["id"] = "6b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"
    second["location"] |= {"id": "7c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f", "name": "Antenne Ouest"}
    record["service_at_locations"].append(second)
    admin_client.post(PAGE, {"token": send(admin_client, [record]).context["token"], "confirm": 1})
    service = Service.objects.get()
    service.categories.add(Category.objects.get(slug="logement"))
    changed = service_record(name="Colis du Canal (Molenbeek)")
    changed["phones"][0]["number"] = "02 765 43 21"
    changed["eligibility_description"] = "Familles"

    response = send(admin_client, [changed])

    page = response.content.decode()
    assert "Attention : cet import supprimerait 3 éléments." in page
    assert 'value="Importer et supprimer 3 éléments"' in page
    removals = page.split('class="import-removals"')[1].split("</section>")[0]
    for removed in ("02 123 45 67", "Logement", "Antenne Ouest, Chaussée de Gand 10, 1080"):
        assert removed in removals
    listing = page.split('class="import-listing"')[-1]
    for shown in (
        "Service « Colis du Canal (Molenbeek) » : mis à jour",
        "<td>modification</td><td>nom (FR)</td><td>Colis du Canal</td>"
        "<td>Colis du Canal (Molenbeek)</td>",
        "<td>ajout</td><td>public</td><td></td><td>Familles</td>",
        "<td>ajout</td><td>téléphone</td><td></td><td>02 765 43 21</td>",
        "<td>suppression</td><td>catégorie</td><td>Logement</td><td></td>",
    ):
        assert shown in listing
    assert str(service.pk) not in page and "logement" not in page  # names, not ids or slugs
    assert Service.objects.get().name_fr == "Colis du Canal"
    assert Location.objects.count() == 2 and not service.audiences.exists()

    confirmed = send_token(admin_client, response)

    assert "3 éléments supprimés" in confirmed.content.decode()
    assert Location.objects.count() == 1
    assert list(service.audiences.all()) == [Audience.objects.get(slug="familles")]


def send_token(client, preview):
    return client.post(PAGE, {"token": preview.context["token"], "confirm": "1"}, follow=True)


def test_a_list_form_preview_removes_nothing_and_does_not_warn(admin_client, reference):
    send_token(admin_client, send(admin_client, [service_record()]))
    record = service_record(name="Colis du Canal (Molenbeek)")
    for key in ("phones", "cost_options", "attributes", "service_at_locations"):
        del record[key]

    response = send(admin_client, [record])

    page = response.content.decode()
    assert "Attention" not in page and "import-removals" not in page
    assert "supprim" not in page and 'value="Importer"' in page
    send_token(admin_client, response)
    service = Service.objects.get()
    assert service.phones.exists() and service.categories.exists()
    assert service.locations.get().schedules.count() == 2


def test_a_file_nested_too_deep_is_an_error_on_the_page_not_a_crash(admin_client, reference):
    response = send(admin_client, b"[" * 100_000)

    assert response.status_code == 200
    assert "JSON mal formé à la ligne 1 : imbriqué sur plus de 100 niveaux." in (
        response.content.decode()
    )
    assert response.context["token"] is None and not PendingImport.objects.exists()


def test_a_value_nested_nearly_as_deep_as_python_reads_is_an_error_not_a_crash(
    admin_client, reference
):
    def refusal(depth):
        nested = "[" * depth + "]" * depth
        text = json.dumps([service_record(attributes="NESTED")]).replace('"NESTED"', nested)
        response = send(admin_client, text.encode())
        assert response.status_code == 200 and response.context["token"] is None
        (error,) = response.context["report"].errors
        return str(error.message)

    # Just under the deepest value Python parses here, explaining it recurses too deep.
    parsed, refused = 100, 1100
    while refused - parsed > 1:
        depth = (parsed + refused) // 2
        if "levels deep" in refusal(depth):
            refused = depth
        else:
            parsed = depth
    for depth in range(parsed - 12, parsed + 1):
        message = refusal(depth)
        assert message == "nested too deeply" or message.endswith("is not of type 'object'")
        assert len(message) <= 300


def test_a_number_too_long_is_an_error_on_the_page_not_a_crash(admin_client, reference):
    record = json.dumps(service_record()).replace("50.8549", "5" * 5000)

    response = send(admin_client, f"[{record}]".encode())

    assert response.status_code == 200
    assert "un nombre de 5000 chiffres (au plus 4300)" in response.content.decode()


# Where the file is kept ---------------------------------------------------------------


def test_an_upload_never_lands_in_a_folder_other_users_can_read(
    admin_client, reference, machine_tmp, monkeypatch
):
    # Another user of the machine prepared the folder the page used to write to.
    trap = machine_tmp / "quartier-hsds-imports"
    trap.mkdir()
    trap.chmod(0o777)
    seen = []
    preview = admin_import.preview_import

    def watching(source, **options):
        seen.append({f.name: stat.S_IMODE(f.stat().st_mode) for f in machine_tmp.iterdir()})
        return preview(source, **options)

    monkeypatch.setattr(admin_import, "preview_import", watching)

    first = send(admin_client, [service_record()])
    second = send(admin_client, [service_record()])

    # While it is read, the only copy on disk is Django's spool file: private, random name.
    names = [{n: mode for n, mode in files.items() if n != trap.name} for files in seen]
    assert all(list(files.values()) == [0o600] for files in names), names
    assert names[0].keys() != names[1].keys()
    assert list(trap.iterdir()) == [] and list(machine_tmp.iterdir()) == [trap]
    # Between the preview and the answer, it is in the database, for its uploader only;
    # the second upload replaced the first.
    pending = PendingImport.objects.get()
    assert pending.pk == admin_client.session["hsds_imports"][second.context["token"]]
    assert pending.user.is_superuser and json.loads(pending.content)[0]["name"] == "Colis du Canal"
    assert "Cet aperçu a expiré" in send_token(admin_client, first).content.decode()
    send_token(admin_client, second)
    assert not PendingImport.objects.exists() and list(machine_tmp.iterdir()) == [trap]
    assert os.listdir(trap) == []


def test_an_abandoned_preview_is_deleted_after_a_day(admin_client, reference, django_user_model):
    send(admin_client, [service_record()])
    colleague = django_user_model.objects.create_superuser("colleague", "c@example.org", "x")
    PendingImport.objects.update(
        user=colleague, created=timezone.now() - timedelta(days=1, minutes=1)
    )

    send(admin_client, [service_record(name="Autre colis")])

    assert list(PendingImport.objects.values_list("user__username", flat=True)) == ["admin"]
    assert not Service.objects.exists()


def test_a_new_upload_replaces_the_preview_its_coordinator_left(admin_client, reference):
    first = send(admin_client, [service_record()])

    send(admin_client, [service_record(name="Autre colis")])

    assert PendingImport.objects.count() == 1
    assert "Cet aperçu a expiré" in send_token(admin_client, first).content.decode()
    assert not Service.objects.exists()
