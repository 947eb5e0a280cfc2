"""Short links point to the kiosk or sticker design they were made for through foreign keys.

The label is free text for staff: editing it changes which link nothing reuses,
and no code reads a kiosk or a design out of it.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data

import pytest

from kiosk.models import Kiosk
from links.models import ShortLink
from stickers.models import StickerDesign

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk(db):
    return Kiosk.objects.create(name="Hall de la mairie", place="Mairie")


@pytest.fixture
def design(locales, service):
    return StickerDesign.objects.create(
        locale=locales["fr"],
        slug="perceuse",
        kind=StickerDesign.Kind.SERVICE,
        text="Perceuse",
        target_page=service,
    )


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_a_design_link_points_at_its_design(design, service):
    link = design.short_link()
    assert (link.page_id, link.channel, link.sticker_design) == (service.pk, "sticker", design)
    assert link.kiosk is None
    assert list(design.short_links.all()) == [link]


def test_links_are_reused_only_for_the_same_kiosk_or_design(service, kiosk, design):
    get = ShortLink.objects.get_or_create_for
    for_kiosk = get(service, "kiosk", kiosk=kiosk)
    assert (for_kiosk.kiosk, for_kiosk.kiosk_number) == (kiosk, kiosk.pk)
    assert get(service, "kiosk", kiosk=kiosk) == for_kiosk
    # A code not made for a kiosk is never one kiosk's, and the other way round.
    shared = get(service, "kiosk")
    assert shared != for_kiosk and shared.kiosk is None
    assert get(service, "kiosk") == shared
    other = Kiosk.objects.create(name="Médiathèque")
    assert get(service, "kiosk", kiosk=other) not in (for_kiosk, shared)
    # The same for sticker designs: a design's code is its own.
    for_design = design.short_link()
    assert get(service, "sticker") != for_design
    assert get(service, "sticker", sticker_design=design) == for_design


def test_staff_may_edit_the_label_of_a_design_or_kiosk_link(service, kiosk, design):
    link = design.short_link()
    link.label = "Autocollants du marché"
    link.save()
    assert design.short_link() == link
    kiosk_link = ShortLink.objects.get_or_create_for(service, "kiosk", kiosk=kiosk, label="a")
    kiosk_link.label = "b"
    kiosk_link.save()
    assert ShortLink.objects.get_or_create_for(service, "kiosk", kiosk=kiosk, label="c") == (
        kiosk_link
    )


def test_links_made_in_bulk_carry_their_kiosk_or_design(service, kiosk, design):
    stickers = ShortLink.objects.create_many_unique(service, "sticker", 3, sticker_design=design)
    assert len({link.code for link in stickers}) == 3
    assert set(design.short_links.values_list("code", flat=True)) == {
        design.short_link().code,  # made when the design was saved
        *(link.code for link in stickers),
    }
    (made,) = ShortLink.objects.bulk_create_unique([(service, "kiosk", None, "")], kiosk=kiosk)
    stored = ShortLink.objects.get(pk=made.pk)
    assert (stored.kiosk, stored.kiosk_number) == (kiosk, kiosk.pk)
    one = ShortLink.objects.create_unique(service, "kiosk", kiosk=kiosk)
    assert ShortLink.objects.get(pk=one.pk).kiosk_number == kiosk.pk


def test_deleting_a_kiosk_or_design_keeps_its_links_and_scans(client, service, kiosk, design):
    kiosk_link = ShortLink.objects.get_or_create_for(service, "kiosk", kiosk=kiosk)
    design_link = design.short_link()
    number = kiosk.pk
    kiosk.delete()
    design.delete()
    kiosk_link.refresh_from_db()
    design_link.refresh_from_db()
    assert (kiosk_link.kiosk, kiosk_link.kiosk_number) == (None, number)
    assert design_link.sticker_design is None
    for link in (kiosk_link, design_link):
        assert client.get(f"/q/{link.code}").status_code == 302


def test_the_kiosk_number_cannot_disagree_with_the_kiosk(service, kiosk):
    link = ShortLink.objects.get_or_create_for(service, "kiosk", kiosk=kiosk)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShortLink.objects.filter(pk=link.pk).update(kiosk_number=kiosk.pk + 1)


def test_admin_shows_the_kiosk_and_design_read_only(admin_client, service, kiosk, design):
    kiosk_link = ShortLink.objects.get_or_create_for(service, "kiosk", kiosk=kiosk, label="Hall")
    design.short_link()
    listing = admin_client.get(reverse("wagtailsnippets_links_shortlink:list")).content.decode()
    assert "Hall de la mairie (Mairie)" in listing and "Perceuse (perceuse)" in listing

    inspect = admin_client.get(
        reverse("wagtailsnippets_links_shortlink:inspect", args=[kiosk_link.pk])
    )
    assert "Hall de la mairie (Mairie)" in inspect.content.decode()

    edit_url = reverse("wagtailsnippets_links_shortlink:edit", args=[kiosk_link.pk])
    assert "Hall de la mairie (Mairie)" in admin_client.get(edit_url).content.decode()
    other = Kiosk.objects.create(name="Médiathèque")
    data = nested_form_data(
        {
            "page": service.pk,
            "campaign": "",
            "channel": "kiosk",
            "label": "Écran de l’accueil",
            "is_active": "on",
            "kiosk": other.pk,  # read-only: ignored
            "sticker_design": design.pk,
        }
    )
    assert admin_client.post(edit_url, data).status_code == 302
    kiosk_link.refresh_from_db()
    assert kiosk_link.label == "Écran de l’accueil"
    assert (kiosk_link.kiosk, kiosk_link.sticker_design) == (kiosk, None)
