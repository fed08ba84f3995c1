"""Consent per channel replaces the opt-out list: every opt-out becomes a "no" from the message's stop
link, at the time it was made (and back again when reversed)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _address(channel, recipient):
    if channel == "email":
        return recipient.strip().lower()
    digits = "".join(ch for ch in recipient if ch.isdigit())
    return f"+{digits}" if digits else recipient


def opt_outs_to_consents(apps, schema_editor):
    OptOut = apps.get_model("notify", "OptOut")
    ChannelConsent = apps.get_model("notify", "ChannelConsent")
    ChannelConsent.objects.bulk_create(
        ChannelConsent(
            address=_address(row.channel, row.recipient),
            channel=row.channel,
            opted_in=False,
            source="link",
            recorded_at=row.created_at,
        )
        for row in OptOut.objects.all()
    )


def consents_to_opt_outs(apps, schema_editor):
    OptOut = apps.get_model("notify", "OptOut")
    ChannelConsent = apps.get_model("notify", "ChannelConsent")
    newest = {}
    for row in ChannelConsent.objects.order_by("recorded_at", "id"):
        newest[(row.address, row.channel)] = row
    OptOut.objects.bulk_create(
        OptOut(recipient=address, channel=channel)
        for (address, channel), row in newest.items()
        if not row.opted_in
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0003_whatsapp_cloud"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChannelConsent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.CharField(max_length=254, verbose_name="alamat")),
                (
                    "channel",
                    models.CharField(
                        choices=[("email", "email"), ("whatsapp", "WhatsApp"), ("sms", "SMS")],
                        max_length=10,
                        verbose_name="saluran",
                    ),
                ),
                ("opted_in", models.BooleanField(verbose_name="bersedia")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("form", "formulir daring"),
                            ("paper", "formulir kertas (dicatat petugas)"),
                            ("reply", "balasan BERHENTI di WhatsApp"),
                            ("data_page", "halaman data pribadi"),
                            ("link", "tautan berhenti di pesan"),
                        ],
                        max_length=10,
                        verbose_name="sumber",
                    ),
                ),
                (
                    "text_version",
                    models.CharField(blank=True, max_length=20, verbose_name="versi teks persetujuan"),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="waktu"),
                ),
            ],
            options={
                "verbose_name": "persetujuan saluran",
                "verbose_name_plural": "persetujuan saluran",
                "ordering": ["-recorded_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="channelconsent",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="dicatat oleh",
            ),
        ),
        migrations.RunPython(opt_outs_to_consents, consents_to_opt_outs),
        migrations.RemoveConstraint(
            model_name="optout",
            name="opt_out_once",
        ),
        migrations.DeleteModel(
            name="OptOut",
        ),
        migrations.AddIndex(
            model_name="channelconsent",
            index=models.Index(
                fields=["address", "channel", "recorded_at"], name="notify_chan_address_aa28f7_idx"
            ),
        ),
    ]
