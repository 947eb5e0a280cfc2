"""What a kiosk's playlist carries: live content allowed on kiosks, and nothing else."""

import datetime
import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from kiosk.models import ALTERNATE, Kiosk, KioskOpeningHours
from kiosk.playlist import build_playlist
from links.models import ShortLink
from tests.factories import CampaignPageFactory, RegulationPageFactory, ServicePageFactory

from .helpers import add_event, make_campaign, publish, slide_kinds

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_slides_follow_the_campaign_selection(kiosk, campaign):
    playlist = build_playlist(kiosk)

    assert slide_kinds(playlist) == ["campaign", "service", "regulation", "testimonial"]
    service, regulation, testimonial = playlist["slides"][1:]
    assert service["title"] == "Outilthèque"
    assert service["trial"] == "Un mois d’essai gratuit"
    assert service["pictogram"].startswith("data:image/svg+xml;base64,")
    assert regulation["title"] == "Puis-je prêter ma voiture à un voisin ?"
    assert regulation["answer"] == "Oui"
    assert testimonial["text"] == "J’ai rencontré mes voisins en prêtant ma perceuse."
    assert testimonial["attribution"] == "Amina"
    assert playlist["kiosk"]["seconds"] == 10
    assert playlist["version"]


def codes_by_page(playlist):
    """{page id: code} of the playlist's slides, checking the links exist."""
    codes = {}
    for slide in playlist["slides"]:
        code = slide["short_url"].rsplit("/", 1)[-1]
        codes[ShortLink.objects.get(code=code).page_id] = code
    return codes


def test_each_slide_has_a_kiosk_short_link(kiosk, campaign):
    playlist = build_playlist(kiosk)

    for slide in playlist["slides"]:
        assert slide["qr"].startswith("data:image/svg+xml;base64,")
        code = slide["short_url"].rsplit("/", 1)[-1]
        link = ShortLink.objects.get(code=code)
        assert link.channel == "kiosk"
        assert link.campaign_id == campaign.page.pk
        assert link.kiosk == kiosk
    links = {slide["short_url"] for slide in playlist["slides"]}
    assert len(links) == 4
    # The next build reuses the same links, and so keeps its version.
    again = build_playlist(kiosk)
    assert {slide["short_url"] for slide in again["slides"]} == links
    assert again["version"] == playlist["version"]
    assert ShortLink.objects.filter(channel="kiosk", kiosk=kiosk).count() == 4


def test_each_kiosk_has_codes_of_its_own(client, site_tree, kiosk, campaign):
    other = Kiosk.objects.create(name="Médiathèque", place="Entrée")
    # The campaign's kiosk links made when it was published are not shown by kiosks.
    shared = ShortLink.objects.get(page=campaign.service, channel="kiosk", campaign=campaign.page)
    # Renaming a kiosk changes neither its links nor its counts.
    mine = codes_by_page(build_playlist(kiosk))
    kiosk.name = "Hall d’accueil"
    kiosk.save()
    assert codes_by_page(build_playlist(kiosk)) == mine
    theirs = codes_by_page(build_playlist(other))

    assert (
        set(mine)
        == set(theirs)
        == {
            campaign.page.pk,
            campaign.service.pk,
            campaign.regulation.pk,
            campaign.testimonial.pk,
        }
    )
    for page_id, code in mine.items():
        assert theirs[page_id] != code
    assert shared.code not in set(mine.values()) | set(theirs.values())

    # A scan through the resolver is counted for the kiosk that showed the code.
    for _ in range(2):
        assert client.get(f"/q/{mine[campaign.service.pk]}").status_code == 302
    assert client.get(f"/q/{theirs[campaign.service.pk]}").status_code == 302
    scans = dict(
        ShortLink.objects.filter(page=campaign.service, channel="kiosk")
        .with_total_scans()
        .values_list("kiosk", "scan_total")
    )
    assert scans == {kiosk.pk: 2, other.pk: 1, None: 0}


def test_links_are_made_again_when_deactivated(kiosk, campaign):
    before = codes_by_page(build_playlist(kiosk))
    ShortLink.objects.filter(code=before[campaign.service.pk]).update(is_active=False)
    after = codes_by_page(build_playlist(kiosk))
    assert after[campaign.service.pk] != before[campaign.service.pk]
    assert after[campaign.regulation.pk] == before[campaign.regulation.pk]
    assert ShortLink.objects.get(code=after[campaign.service.pk]).kiosk == kiosk


def test_unsaved_kiosk_shows_placeholders_and_stores_nothing(campaign):
    playlist = build_playlist(Kiosk(name="Pas encore enregistrée"))
    assert slide_kinds(playlist)[0] == "campaign"
    assert {slide["short_url"].rsplit("/", 1)[-1] for slide in playlist["slides"]} == {"PREVIEW"}
    assert not ShortLink.objects.filter(kiosk_number__isnull=False).exists()


def test_testimonial_needs_valid_kiosk_consent(kiosk, campaign):
    testimonial = campaign.testimonial
    assert "testimonial" in slide_kinds(build_playlist(kiosk))

    testimonial.consent_kiosk = False  # web and print only
    publish(testimonial)
    assert "testimonial" not in slide_kinds(build_playlist(kiosk))

    testimonial.consent_kiosk = True
    testimonial.consent_until = timezone.localdate() - datetime.timedelta(days=1)  # expired
    publish(testimonial)
    assert "testimonial" not in slide_kinds(build_playlist(kiosk))

    testimonial.consent_until = None
    testimonial.consent_date = timezone.localdate() + datetime.timedelta(days=3)  # not yet given
    publish(testimonial)
    assert "testimonial" not in slide_kinds(build_playlist(kiosk))


def test_withdrawn_consent_changes_the_version(kiosk, campaign):
    before = build_playlist(kiosk)
    assert build_playlist(kiosk)["version"] == before["version"]  # stable between polls
    campaign.testimonial.consent_kiosk = False
    publish(campaign.testimonial)
    after = build_playlist(kiosk)
    assert after["version"] != before["version"]
    assert "testimonial" not in slide_kinds(after)


def test_consent_end_travels_with_the_slide(kiosk, campaign):
    until = timezone.localdate() + datetime.timedelta(days=2)
    campaign.testimonial.consent_until = until
    publish(campaign.testimonial)
    slide = next(s for s in build_playlist(kiosk)["slides"] if s["kind"] == "testimonial")
    # The player drops it by itself after the last valid day, even offline.
    ends = datetime.datetime.fromisoformat(slide["until"]).astimezone(PARIS)
    assert ends.date() == until + datetime.timedelta(days=1)
    assert ends.time() == datetime.time(0, 0)


def test_campaign_dates(site_tree, kiosk):
    today = timezone.localdate()
    make_campaign(
        site_tree,
        slug="finie",
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=1),
    )
    make_campaign(
        site_tree,
        slug="future",
        start_date=today + datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=30),
    )
    playlist = build_playlist(kiosk)
    assert slide_kinds(playlist).count("campaign") == 1  # only the running fixture campaign


def test_chosen_campaigns_still_need_to_run(site_tree, campaign):
    today = timezone.localdate()
    over = make_campaign(
        site_tree,
        slug="finie",
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=1),
    )
    kiosk = Kiosk(name="Médiathèque")
    kiosk.campaigns = [over.page]
    kiosk.save()
    assert build_playlist(kiosk)["slides"] == []

    kiosk.campaigns = [campaign.page]
    kiosk.save()
    assert slide_kinds(build_playlist(kiosk))[0] == "campaign"


def test_default_shows_running_campaigns_on_the_kiosk_channel(site_tree, kiosk, campaign):
    make_campaign(site_tree, slug="web-seulement", channels=["website"], title="Web seulement")
    titles = {s["campaign"] for s in build_playlist(kiosk)["slides"]}
    assert titles == {campaign.page.title}


def test_drafts_and_private_pages_are_excluded(site_tree, kiosk, campaign):
    draft = ServicePageFactory(parent=site_tree.services, slug="brouillon", title="Brouillon")
    draft.unpublish()
    campaign.add(draft)
    private = publish(RegulationPageFactory(parent=site_tree.regulations, slug="privee"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    campaign.add(private)
    # A live page with unpublished changes shows its live version.
    campaign.service.title = "Titre pas encore publié"
    campaign.service.save_revision()
    publish(campaign.page)

    playlist = build_playlist(kiosk)
    titles = [slide["title"] for slide in playlist["slides"]]
    assert "Brouillon" not in titles
    assert private.question not in titles
    assert "Titre pas encore publié" not in titles
    assert "Outilthèque" in titles


def test_draft_campaign_is_not_shown(site_tree, kiosk):
    draft = CampaignPageFactory(parent=site_tree.campaigns, slug="brouillon", title="Brouillon")
    draft.unpublish()
    assert "Brouillon" not in {slide["campaign"] for slide in build_playlist(kiosk)["slides"]}


def test_events_upcoming_only_with_their_end(kiosk, campaign):
    now = timezone.now()
    add_event(campaign, "Fête des voisins", now + datetime.timedelta(days=2))
    add_event(campaign, "Forum passé", now - datetime.timedelta(days=2))
    add_event(campaign, "En cours", now - datetime.timedelta(hours=1))
    events = [s for s in build_playlist(kiosk)["slides"] if s["kind"] == "event"]

    assert [event["title"] for event in events] == ["En cours", "Fête des voisins"]
    party = events[1]
    assert party["place"] == "Place du marché"
    assert party["text"] == "Essayer l’outilthèque"
    assert party["date"]  # "samedi 14 juin · 10:00", in the slide's language
    assert party["ends"] == party["until"]
    assert datetime.datetime.fromisoformat(party["ends"]) > now


def test_opening_hours(kiosk):
    monday_morning = datetime.datetime(2026, 6, 1, 9, 30, tzinfo=PARIS)
    assert kiosk.is_open(monday_morning)  # no hours: always on

    kiosk.opening_hours = [
        KioskOpeningHours(weekday=0, opens=datetime.time(8, 30), closes=datetime.time(12)),
        KioskOpeningHours(weekday=0, opens=datetime.time(14), closes=datetime.time(18)),
    ]
    kiosk.save()
    assert kiosk.is_open(monday_morning)
    assert not kiosk.is_open(monday_morning.replace(hour=12))  # closing time is closed
    assert not kiosk.is_open(monday_morning.replace(hour=13))  # lunch break: standby
    assert kiosk.is_open(monday_morning.replace(hour=17, minute=59))
    assert not kiosk.is_open(monday_morning + datetime.timedelta(days=1))  # Tuesday

    playlist = build_playlist(kiosk)
    assert playlist["kiosk"]["hours"] == [[0, "08:30", "12:00"], [0, "14:00", "18:00"]]
    assert playlist["kiosk"]["timezone"] == "Europe/Paris"
    lines = [line.lower() for line in playlist["hours_text"]["fr"]]
    assert lines == ["lundi 08:30–12:00", "lundi 14:00–18:00"]


def test_alternating_kiosk_shows_each_language(site_tree, locales, campaign):
    kiosk = Kiosk.objects.create(name="Médiathèque", language=ALTERNATE)
    playlist = build_playlist(kiosk)
    # Without an English translation of the campaign, an alternating kiosk shows French only.
    assert {slide["lang"] for slide in playlist["slides"]} == {"fr"}
    assert set(playlist["labels"]) == {"fr", "en"}
    assert playlist["labels"]["en"]["scan"] == "Scan to find out more"

    english = campaign.page.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Sharing week"
    publish(english)
    langs = [slide["lang"] for slide in build_playlist(kiosk)["slides"]]
    assert langs[0] == "fr" and "en" in langs
    assert langs == sorted(langs, key=["fr", "en"].index)  # a round in French, then in English


def test_query_count_does_not_grow_with_items(site_tree, kiosk, campaign):
    def queries():
        build_playlist(kiosk)  # makes the missing short links
        with CaptureQueriesContext(connection) as context:
            build_playlist(kiosk)
        return len(context.captured_queries)

    def first_build_queries():
        new_kiosk = Kiosk.objects.create(name=f"Borne {Kiosk.objects.count()}")
        with CaptureQueriesContext(connection) as context:
            build_playlist(new_kiosk)  # all its links made, in bulk
        return len(context.captured_queries)

    small = queries()
    small_first = first_build_queries()
    for number in range(12):
        campaign.add(publish(ServicePageFactory(parent=site_tree.services, slug=f"s{number}")))
        campaign.add(
            publish(RegulationPageFactory(parent=site_tree.regulations, slug=f"r{number}"))
        )
    publish(campaign.page)
    assert len(build_playlist(kiosk)["slides"]) == 28
    assert queries() == small
    assert first_build_queries() == small_first
