"""Graduation moves here from selection with its table (`selection_graduation`) and rows as they are: the
state takes the model, the database changes nothing. The content type, and the audit and edit-conflict
rows that name the model, follow it (so a deletion request still redacts a graduation's old audit rows)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD, NEW = "selection.graduation", "training.graduation"


def _rename(apps, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    old_app, model = old.split(".")
    new_app = new.split(".")[0]
    if not ContentType.objects.filter(app_label=new_app, model=model).exists():
        ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)
    for name in ("AuditEvent", "EditConflict"):
        apps.get_model("core", name).objects.filter(object_type=old).update(object_type=new)


def forwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    _rename(apps, OLD, NEW)


def backwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_idempotency_and_conflicts"),
        ("programs", "0001_initial"),
        ("registry", "0002_import_job"),
        ("selection", "0006_graduation_moves_to_training"),
        ("training", "0006_certificate_style"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Graduation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("graduated_on", models.DateField(verbose_name="tanggal lulus")),
                        (
                            "batch",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="graduations",
                                to="programs.batch",
                            ),
                        ),
                        (
                            "enterprise",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="graduations",
                                to="registry.enterprise",
                            ),
                        ),
                        (
                            "level",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="graduations",
                                to="programs.level",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kelulusan",
                        "verbose_name_plural": "kelulusan",
                        "db_table": "selection_graduation",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("enterprise", "level"), name="graduation_once_per_level"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
