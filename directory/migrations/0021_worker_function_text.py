"""Workers get a function text, and both their search texts are computed again: they now
hold every form of the functions they name (gender, number, FR/NL/EN) and of each word."""

from django.db import migrations, models

TEXT_LANGUAGES = ("fr", "nl", "en")


def recompute(apps, schema_editor):
    from directory.derived import worker_texts

    Worker = apps.get_model("directory", "Worker")
    Membership = Worker.organisations.through
    names = {}
    columns = [f"organisation__name_{code}" for code in TEXT_LANGUAGES]
    for worker_id, *organisation in Membership.objects.values_list("worker_id", *columns):
        names.setdefault(worker_id, []).extend(organisation)
    workers = list(Worker.objects.only("pk", "name", "function", "can_help_with"))
    for worker in workers:
        texts = worker_texts(
            worker.name, worker.function, worker.can_help_with, names.get(worker.pk, [])
        )
        worker.search_text, worker.function_text = texts["search_text"], texts["function_text"]
    Worker.objects.bulk_update(workers, ["search_text", "function_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("directory", "0020_handovers")]

    operations = [
        migrations.AddField(
            model_name="worker",
            name="function_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
