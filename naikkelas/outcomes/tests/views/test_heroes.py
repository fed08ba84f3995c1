"""The heroes pages: the owner's story and consent, the staff ranking, the public showcase and its photos."""

import pytest
from django.test import Client

from naikkelas.outcomes.models import HeroStory
from naikkelas.outcomes.tests.conftest import World, enrol
from naikkelas.outcomes.tests.test_heroes import APR
from naikkelas.registry.models import MetricReport


@pytest.mark.django_db
def test_only_consenting_verified_heroes_appear_on_the_public_page(world: World) -> None:
    from naikkelas.testing.factories import UserFactory

    owner_user = UserFactory.create(username="pahlawan")
    hero = enrol(world, district="33.74.01", omzet=12_000_000, aset=40_000_000, workers=2,
                 followups=[(APR, 36_000_000, 60_000_000, 5)], source=MetricReport.Source.MENTOR_VISIT)  # fmt: skip
    hero.owner.user = owner_user
    hero.owner.save(update_fields=["user"])
    quiet = enrol(world, district="33.74.02", omzet=12_000_000, aset=40_000_000, workers=2,
                  followups=[(APR, 40_000_000, 60_000_000, 5)], source=MetricReport.Source.MENTOR_VISIT)  # fmt: skip
    assert "Belum ada kisah" in Client().get("/pahlawan-lokal/").text
    me = Client()
    me.force_login(owner_user)
    short = me.post("/hasil/kisah-saya/", {"consent": "on", "story": "Laris."})
    assert "paling sedikit 30 huruf" in short.text and not HeroStory.objects.exists()
    story = "Dulu saya menjual 20 kotak sehari; setelah pelatihan dan pendampingan kini 60 kotak."
    assert me.post("/hasil/kisah-saya/", {"consent": "on", "story": story}).status_code == 302
    public = Client().get("/pahlawan-lokal/")
    assert hero.name in public.text and quiet.name not in public.text and "+200,0 %" in public.text
    admin = Client()
    admin.force_login(world.personas.semarang_admin)
    ranking = admin.get("/hasil/pahlawan/")
    ((regency, rows),) = ranking.context["rows"]
    assert [(name, consented) for _hero, name, consented in rows] == [(quiet.name, False), (hero.name, True)]
    assert me.post("/hasil/kisah-saya/", {"story": story}).status_code == 302  # consent withdrawn
    assert hero.name not in Client().get("/pahlawan-lokal/").text
    kudus = Client()
    kudus.force_login(world.personas.kudus_admin)
    assert kudus.get("/hasil/pahlawan/").context["rows"] == []
    assert Client().get(f"/pahlawan-lokal/{HeroStory.objects.get().pk}/foto/").status_code == 404


@pytest.mark.django_db
def test_a_hero_photo_is_a_checked_photo_served_under_our_name(world: World) -> None:
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import ImageFile

    from naikkelas.testing import files
    from naikkelas.testing.factories import UserFactory

    owner_user = UserFactory.create(username="pahlawan")
    hero = enrol(world, district="33.74.01", omzet=12_000_000, aset=40_000_000, workers=2,
                 followups=[(APR, 36_000_000, 60_000_000, 5)], source=MetricReport.Source.MENTOR_VISIT)  # fmt: skip
    hero.owner.user = owner_user
    hero.owner.save(update_fields=["user"])
    me = Client()
    me.force_login(owner_user)
    story = "Dulu saya menjual 20 kotak sehari; setelah pelatihan dan pendampingan kini 60 kotak."
    with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded")):
        flood = me.post("/hasil/kisah-saya/", {"consent": "on", "story": story,
                                               "photo": SimpleUploadedFile("toko.png", files.flood_png(8900, 8900))})  # fmt: skip
    assert (
        "toko.png terlalu besar: 8900 × 8900 piksel; foto PNG atau WebP paling besar 10 megapiksel (JPEG sampai 40 megapiksel)."
        in flood.text
    )
    pdf = me.post("/hasil/kisah-saya/", {"consent": "on", "story": story,
                                         "photo": SimpleUploadedFile("toko.pdf", files.plain_pdf())})  # fmt: skip
    assert "toko.pdf adalah PDF; di sini hanya foto (JPEG, PNG atau WebP)." in pdf.text
    assert not HeroStory.objects.exists()
    saved = me.post("/hasil/kisah-saya/", {"consent": "on", "story": story,
                                           "photo": SimpleUploadedFile("toko.jpg", files.jpeg())})  # fmt: skip
    assert saved.status_code == 302
    record = HeroStory.objects.get()
    served = Client().get(f"/pahlawan-lokal/{record.pk}/foto/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"] == f'inline; filename="pahlawan-{record.pk}.jpg"'
