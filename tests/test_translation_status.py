"""A volunteer translator and the README see how complete and how reviewed each language is."""

from django.core.management import call_command

from directory import catalogues

PO = r"""# A catalogue as Poedit or a text editor leaves it.
msgid ""
msgstr ""
"Language: ar\n"
"X-Second-Reading: 2026-12-01 Samira\n"

#: templates/base.html:20
msgid "Aller au contenu"
msgstr "انتقل إلى المحتوى"

#, fuzzy
msgid "Langue"
msgstr "اللغة"

msgid ""
"Une information est fausse ? "
"Dites-le au service."
msgstr ""

msgid "%(n)s service"
msgid_plural "%(n)s services"
msgstr[0] "%(n)s خدمة"
msgstr[1] "%(n)s خدمات"

msgctxt "jour"
msgid "lu"
msgstr[0] ""

#~ msgid "Ancien texte"
#~ msgstr "نص قديم"
"""


def test_entries_are_read_with_their_flags_plurals_and_lines(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(PO, encoding="utf-8")

    entries = catalogues.read_entries(path)

    assert [(ctx, msgid, all(strings), fuzzy) for ctx, msgid, strings, fuzzy in entries] == [
        ("", "Aller au contenu", True, False),
        ("", "Langue", True, True),
        ("", "Une information est fausse ? Dites-le au service.", False, False),
        ("", "%(n)s service", True, False),
        ("jour", "lu", False, False),
    ]
    assert catalogues.header(path, "X-Second-Reading") == "2026-12-01 Samira"


def test_a_language_counts_only_filled_strings_that_are_not_fuzzy(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    for code in ("nl", "ar"):
        (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / code / "LC_MESSAGES" / "django.po").write_text(PO, encoding="utf-8")
    settings.LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("ar", "العربية")]
    settings.LANGUAGE_CODE = "fr"

    arabic = {s.code: s for s in catalogues.all_statuses()}["ar"]

    assert (arabic.translated, arabic.total, arabic.fuzzy, arabic.percent) == (2, 5, 1, 40)
    assert arabic.second_reading == "2026-12-01 Samira"


def test_the_command_prints_one_row_per_interface_language(capsys):
    call_command("translation_status")

    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2 + 12
    assert rows[2].startswith("| fr | Français |") and "100%" in rows[2]
    assert "| nl | Nederlands |" in rows[3] and "| 100% |" in rows[3]
    assert rows[-1].startswith("| fa | دری |")
