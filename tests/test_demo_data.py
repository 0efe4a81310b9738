"""Whoever edits the demo data files by hand is told which file and which key are wrong."""

import re
import shutil
import sys

import pytest
from django.core.management import CommandError, call_command

from directory.demo import data as demo_data
from directory.demo.data import DemoDataError


def edited_copy(parent, name, old, new):
    """A copy of fixtures/demo/ in `parent`, with one edit in the file `name`; and the line
    of the edit."""
    folder = parent / "demo"
    shutil.copytree(demo_data.FIXTURES / "demo", folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        (
            "services.yaml",
            "hours: [distribution]\n",
            "hours: [distributon]\n",
            "services.yaml: offers.colis.hours[0]: 'distributon' is not a known hours profile",
        ),
        (
            "services.yaml",
            "category: alimentation\n",
            "category: alimentaton\n",
            "services.yaml: offers.colis.category: 'alimentaton' is not a known category",
        ),
        (
            "services.yaml",
            "nl: Voedselpakketten, ",
            "",
            "services.yaml: offers.colis.name: 'nl' is a required property",
        ),
        (
            "services.yaml",
            "  colis:\n",
            "  colis:\n    hourz: [office]\n",
            "services.yaml: offers.colis: Additional properties are not allowed ('hourz'",
        ),
        (
            "hours.yaml",
            'opens: "13:30"',
            "opens: 13:30",
            "hours.yaml: profiles.office[1].opens: 810 is not of type 'string'; a time between "
            'quotes, like "09:30"',
        ),
        (
            "streets.yaml",
            "[Rue Wayez, Wayezstraat, 58]",
            "[Rue Wayez, Wayezstraat, 580]",
            "streets.yaml: anderlecht[0][2]: 580 is not a known quartier",
        ),
        (
            "organisations.yaml",
            "offers: [colis, epicerie,",
            "offers: [colsi, epicerie,",
            "organisations.yaml: kinds.food.offers[0]: 'colsi' is not a known offer",
        ),
        (
            "workers.yaml",
            "      - mediateur-dettes\n",
            "      - mediateur-dette\n",
            "workers.yaml: staff.cpas.functions[1]: 'mediateur-dette' is not a known function",
        ),
        (
            "workers.yaml",
            "kind: joint_project, where: elsewhere, note: Maraudes",
            "kind: joint_project, where: far, note: Maraudes",
            "workers.yaml: partnerships[9].where: 'far' is not one of",
        ),
        # YAML itself would keep the second offer and silently drop the first.
        (
            "services.yaml",
            "  epicerie:\n",
            "  colis:\n",
            "services.yaml, line {line}: 'colis' is written twice",
        ),
        (
            "services.yaml",
            "  epicerie:\n",
            "  epicerie\n",
            "services.yaml, line {next}: could not find expected ':' (while scanning a simple key, "
            "line {line})",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_key(tmp_path, name, old, new, message):
    folder, line = edited_copy(tmp_path, name, old, new)
    message = message.format(line=line, next=line + 1)
    with pytest.raises(DemoDataError, match=re.escape(f"{folder}/{message}")):
        demo_data.read(folder)


def test_load_demo_says_in_one_line_which_file_and_key_are_wrong(tmp_path, settings, monkeypatch):
    fixtures = tmp_path / "fixtures"
    edited_copy(fixtures, "hours.yaml", "branch: [permanence,", "branch: [permanense,")
    for name in ("brussels.json", "taxonomy.json"):
        shutil.copy(demo_data.FIXTURES / name, fixtures)
    settings.BASE_DIR = tmp_path
    # The command imports the generator, which then reads the files again, from tmp_path.
    for module in ("directory.demo.loader", "directory.demo.places", "directory.demo.data"):
        monkeypatch.delitem(sys.modules, module, raising=False)

    with pytest.raises(CommandError) as raised:
        call_command("load_demo")

    assert str(raised.value) == (
        f"{fixtures}/demo/hours.yaml: branch[0]: 'permanense' is not a known hours profile"
    )
