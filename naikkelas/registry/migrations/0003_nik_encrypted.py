"""The NIK leaves the database in the clear: encrypted value plus keyed hash, written for every person."""

from django.db import migrations, models

from naikkelas.core import crypto


def encrypt_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    Person = apps.get_model("registry", "Person")
    batch = []
    for person in Person.objects.only("pk", "nik").iterator(chunk_size=2000):
        person.nik_encrypted = crypto.encrypt(person.nik)
        person.nik_digest = crypto.keyed_hash(person.nik, purpose="nik")
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["nik_encrypted", "nik_digest"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["nik_encrypted", "nik_digest"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_import_job")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="nik_encrypted",
            field=models.TextField(default="", editable=False, verbose_name="NIK (terenkripsi)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="person",
            name="nik_digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="person", name="person_nik_length"),
        migrations.RemoveField(model_name="person", name="nik"),
        migrations.AlterField(
            model_name="person",
            name="nik_digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
