"""Where a page appears: every channel, through the reference index and the gate."""

import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import ReferenceIndex

import pytest

from appears.report import where
from bulletins.models import BulletinIndexPage, BulletinPage
from crieur.channels import Channel
from kiosk.models import Kiosk
from links.models import ScanCount, ShortLink
from stickers.models import StickerDesign
from tests.factories import CampaignPageFactory, ServicePageFactory, TestimonialPageFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


def campaign_with(site_tree, page, n=0, **fields):
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns, slug=f"campagne-{n}", channels=["website", "kiosk"], **fields
    )
    campaign.items.add(campaign.items.model(page=page))
    campaign.save()
    return publish(campaign)


def link_with_scans(page, channel, scans, campaign=None, label=""):
    link = ShortLink.objects.get_or_create_for(page, channel, campaign=campaign, label=label)
    ScanCount.objects.create(link=link, day=TODAY, count=scans)
    ScanCount.objects.create(link=link, day=TODAY - datetime.timedelta(days=45), count=1000)
    return link


@pytest.fixture
def service(site_tree):
    return publish(ServicePageFactory(parent=site_tree.services, slug="outilotheque"))


@pytest.fixture
def everywhere(site_tree, locales, service):
    """The service in a campaign on kiosks, a bulletin, a sticker design, poster, social links."""
    campaign = campaign_with(site_tree, service)
    seen = timezone.now() - datetime.timedelta(minutes=2)
    kiosk = Kiosk.objects.create(name="Hall de la mairie", last_seen_at=seen)
    kiosk.campaigns.set([campaign])
    kiosk.save()  # a parental many-to-many is saved with its kiosk
    Kiosk.objects.create(name="Médiathèque")  # every running campaign
    other = CampaignPageFactory(parent=site_tree.campaigns, slug="autre", channels=["kiosk"])
    publish(other)
    elsewhere = Kiosk.objects.create(name="Gare")
    elsewhere.campaigns.set([other])  # not this campaign
    elsewhere.save()
    index = BulletinIndexPage(title="Le bulletin", slug="bulletin")
    site_tree.home.add_child(instance=index)
    edition = BulletinPage(
        title="Bulletin 12",
        slug="bulletin-12",
        edition_number=12,
        cover_headline="Le partage",
        articles=[("page_article", {"page": service, "print_title": "", "print_teaser": ""})],
    )
    index.add_child(instance=edition)
    publish(edition)
    design = StickerDesign.objects.create(
        locale=locales["fr"], slug="pret-outils", text="Je prête", target_page=service
    )
    link_with_scans(service, Channel.POSTER, 7, campaign=campaign)
    link_with_scans(service, Channel.SOCIAL, 5, campaign=campaign)
    return {"campaign": campaign, "kiosk": kiosk, "edition": edition, "design": design}


def test_a_service_shows_every_channel_that_carries_it(service, everywhere):
    result = where(service)
    assert result.url.endswith("/services/outilotheque/")
    [line] = result.campaigns
    assert line.campaign.pk == everywhere["campaign"].pk and line.running
    assert sorted(kiosk.name for kiosk in line.kiosks) == ["Hall de la mairie", "Médiathèque"]
    assert [edition.pk for edition in result.bulletins] == [everywhere["edition"].pk]
    assert [design.pk for design in result.sticker_designs] == [everywhere["design"].pk]
    # the campaign's publication made its own links (website, kiosk) too
    assert {"poster", "social", "kiosk"} <= set(result.link_channels)
    assert result.scans == 12  # the scans of 45 days ago are not counted
    assert result.channel(Channel.KIOSK).carried
    assert result.consents == []


def test_a_translation_shows_what_carries_the_page_it_translates(service, everywhere, locales):
    english = service.copy_for_translation(locales["en"], copy_parents=True)
    english = publish(english)
    result = where(english)
    assert [line.campaign.pk for line in result.campaigns] == [everywhere["campaign"].pk]
    assert [edition.pk for edition in result.bulletins] == [everywhere["edition"].pk]
    assert result.scans == 12 and result.url.startswith("http://testserver/en/")


def test_the_reference_index_holds_the_relations(service, everywhere):
    def sources():
        references = ReferenceIndex.get_references_to(service)
        return {ref.content_type.model_class().__name__ for ref in references}

    expected = {"CampaignPage", "BulletinPage", "StickerDesign", "ShortLink"}
    assert expected <= sources()  # kept up to date on save
    ReferenceIndex.objects.all().delete()
    call_command("rebuild_references_index", stdout=io.StringIO())
    assert expected <= sources()  # and rebuilt by the command


def test_on_a_day_after_the_campaign_it_is_not_running(service, everywhere):
    later = everywhere["campaign"].end_date + datetime.timedelta(days=1)
    [line] = where(service, later).campaigns
    assert not line.running and line.kiosks == []


def test_a_testimonial_shows_its_consent_per_channel_and_the_warning(site_tree):
    ends = TODAY + datetime.timedelta(days=20)
    page = publish(
        TestimonialPageFactory(
            parent=site_tree.testimonials, consent_social=False, consent_until=ends
        )
    )
    with translation.override("en"):
        result = where(page)
    consents = {consent.channel.value: consent for consent in result.consents}
    assert consents["web"].valid and consents["print"].valid and consents["kiosk"].valid
    assert not consents["social"].valid and "did not consent" in consents["social"].reason
    assert consents["web"].last_day == ends and consents["web"].ends_soon
    assert not result.channel(Channel.SOCIAL).carried
    assert result.channel(Channel.POSTER).carried

    far = where(page, TODAY - datetime.timedelta(days=15))
    assert not any(consent.ends_soon for consent in far.consents)

    with translation.override("en"):
        after = where(page, ends + datetime.timedelta(days=1))
    assert not any(consent.valid for consent in after.consents)
    assert "expired" in after.channel(Channel.WEBSITE).reason
    assert not after.channel(Channel.POSTER).carried and after.url == ""


def kiosk_showing(name, campaign):
    kiosk = Kiosk.objects.create(name=name)
    kiosk.campaigns.set([campaign])
    kiosk.save()
    return kiosk


def count_queries(page):
    where(page)  # content types and site roots cached, as in a running server
    with CaptureQueriesContext(connection) as queries:
        where(page)
    return len(queries)


def test_the_number_of_queries_is_constant(site_tree, service):
    campaign = campaign_with(site_tree, service, n=0)
    kiosk_showing("K0", campaign)
    link_with_scans(service, Channel.POSTER, 1, campaign=campaign)
    few = count_queries(service)
    for n in range(1, 5):
        campaign = campaign_with(site_tree, service, n=n)
        kiosk_showing(f"K{n}", campaign)
        link_with_scans(service, Channel.POSTER, 1, campaign=campaign)
        link_with_scans(service, Channel.SOCIAL, 1, campaign=campaign)
    result = where(service)
    made = [line for line in result.links if line.link.channel in ("poster", "social")]
    assert len(result.campaigns) == 5 and len(made) == 9
    assert sum(len(line.kiosks) for line in result.campaigns) == 5
    assert count_queries(service) == few


@pytest.fixture
def editor(django_user_model, site_tree):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def outsider(django_user_model, site_tree):
    """May use the admin, may edit no page."""
    user = django_user_model.objects.create_user("out", "out@example.org", "password")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_editors_see_the_view_and_the_button(client, editor, service, everywhere):
    client.force_login(editor)
    url = reverse("appears_page", args=[service.pk])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    assert url.encode() in response.content
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Où paraît" in text and "Campagnes qui la sélectionnent" in text  # French first
    for expected in ("Hall de la mairie", "Bulletin 12", "pret-outils", "/services/outilotheque/"):
        assert expected in text, expected
    later = everywhere["campaign"].end_date + datetime.timedelta(days=1)
    assert client.get(url, {"on": later.isoformat()}).status_code == 200
    assert client.get(url, {"on": "<script>alert(1)</script>"}).status_code == 200


def test_anonymous_and_other_users_are_refused(client, outsider, service):
    url = reverse("appears_page", args=[service.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]
    client.force_login(outsider)
    response = client.get(url)  # Wagtail's admin answers a refusal with its home and a message
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    assert url.encode() not in response.content
