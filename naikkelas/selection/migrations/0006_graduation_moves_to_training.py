"""Graduation is a training fact: the model leaves selection's state; its table stays where it is and
training's 0007 takes it over under the same name (`selection_graduation`). No row moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0005_application_entered_by"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Graduation")],
            database_operations=[],
        ),
    ]
