"""Load the demo commune (Val-des-Aulnes) in French with English translations.

Idempotent: what exists already (found by slug) is left as it is, so running
the command twice changes nothing.
"""

import datetime
import io
import warnings
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, Site

from bs4 import MarkupResemblesLocatorWarning

from campaigns.models import CampaignIndexPage, CampaignPage
from crieur.demo.images import get_or_create_image
from crieur.demo.translate import translate
from crieur.models import BrandingSettings, HomePage, StandardPage
from demo import content
from demo.bulletins import create_demo_bulletin
from demo.calls import create_demo_calls
from demo.contributions import create_demo_contributions
from demo.kiosks import create_demo_kiosks
from demo.lending import create_demo_lending
from demo.links import create_demo_links
from demo.places import create_demo_places
from demo.scans import create_demo_scans
from demo.stickers import create_demo_stickers
from services.models import (
    RegulationIndexPage,
    RegulationPage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
)
from testimonials.models import TestimonialIndexPage, TestimonialPage

EXTRA_STRINGS = {
    "Comment ça marche ?": "How does it work?",
    "Bon à savoir": "Good to know",
    "Service proposé par des bénévoles de Val-des-Aulnes.": (
        "A service run by volunteers of Val-des-Aulnes."
    ),
}


def all_pairs(value, table):
    """Collect every (French, English) pair found in the demo content."""
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        table[value[0]] = value[1]
    elif isinstance(value, dict):
        for item in value.values():
            all_pairs(item, table)
    elif isinstance(value, list | tuple):
        for item in value:
            all_pairs(item, table)
    return table


def strings_table():
    table = {}
    for name in ("HOME", "SERVICES", "REGULATIONS", "TESTIMONIALS", "CAMPAIGNS", "ABOUT"):
        all_pairs(getattr(content, name), table)
    for slug, title_fr, title_en in content.INDEXES.values():
        table[title_fr] = title_en
        table[slug] = slugify(title_en)
    # Translated pages get a slug in their own language (wagtail-localize translates slugs).
    for name in ("SERVICES", "REGULATIONS", "TESTIMONIALS", "CAMPAIGNS"):
        for data in getattr(content, name):
            table[data["slug"]] = slugify(data["title"][1])
    table[content.ABOUT["slug"]] = slugify(content.ABOUT["title"][1])
    table.update(EXTRA_STRINGS)
    return table


class Command(BaseCommand):
    help = "Load the demo content (an invented commune) in French and English. Safe to run twice."

    def handle(self, *args, **options):
        # wagtail-localize reads every translatable field with Beautiful Soup, which warns
        # that a legal reference's address "looks like a URL": true, and harmless.
        warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
        self.today = timezone.localdate()
        self.french, _ = Locale.objects.get_or_create(language_code="fr")
        self.english, _ = Locale.objects.get_or_create(language_code="en")
        self.strings = strings_table()
        self.created = 0
        # No transaction around the whole load: wagtail-localize publishes each
        # translation when its own transaction commits, and must do so before
        # pages are added under it. Each step is idempotent, so a run that
        # stopped half-way is completed by the next one.
        home = self.home_page()
        self.branding(home)
        indexes = self.index_pages(home)
        self.categories()
        services = self.services(indexes["services"])
        regulations = self.regulations(indexes["regulations"], services)
        testimonials = self.testimonials(indexes["testimonials"], services)
        self.campaigns(indexes["campaigns"], {**services, **regulations, **testimonials})
        self.about(home)
        self.resources()
        self.channel_extras()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({self.created} new objects)."))

    # -- helpers -------------------------------------------------------------

    def add_page(self, parent, page):
        """Add and publish ``page`` under ``parent`` unless that slug exists; then translate."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing is not None:
            return existing.specific
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def translate(self, instance):
        if instance.has_translation(self.english):
            return instance.get_translation(self.english)
        translated, missing = translate(instance, self.english, self.strings)
        if missing:
            self.stderr.write(f"  untranslated in {instance}: {missing}")
        self.created += 1
        return translated

    def image(self, title, alt, portrait=False):
        return get_or_create_image(title, alt, portrait=portrait)

    # -- content ---------------------------------------------------------------

    def home_page(self):
        home = HomePage.objects.filter(locale=self.french, depth=2).first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(title=content.HOME["title"][0], slug="accueil", locale=self.french)
            root.add_child(instance=home)
            self.created += 1
        if home.title != content.HOME["title"][0]:
            home.title = content.HOME["title"][0]
            home.intro = content.HOME["intro"][0]
            home.hero_image = self.image(
                "Val-des-Aulnes", "Vue dessinée de la commune, ses toits et ses collines"
            )
            home.save_revision().publish()
            self.created += 1
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        return home

    def branding(self, home):
        site = Site.objects.get(is_default_site=True)
        branding = BrandingSettings.for_site(site)
        if branding.authority_name != content.AUTHORITY:
            branding.authority_name = content.AUTHORITY
            branding.contact_email = "contact@val-des-aulnes.example"
            branding.contact_phone = "04 00 00 00 00"
            branding.contact_address = "Mairie de Val-des-Aulnes\n1 place de la Mairie"
            branding.save()
            self.created += 1

    def index_pages(self, home):
        self.translate(home)
        models = {
            "services": ServiceIndexPage,
            "regulations": RegulationIndexPage,
            "testimonials": TestimonialIndexPage,
            "campaigns": CampaignIndexPage,
        }
        indexes = {}
        for key, (slug, title_fr, _title_en) in content.INDEXES.items():
            page = self.add_page(home, models[key](title=title_fr, slug=slug))
            self.translate(page)
            indexes[key] = page
        return indexes

    def categories(self):
        for category in ServiceCategory.objects.filter(locale=self.french):
            name_en = content.CATEGORY_NAMES_EN.get(category.slug)
            if name_en and not category.has_translation(self.english):
                translate(category, self.english, {category.name: name_en})
                self.created += 1

    def services(self, index):
        pages = {}
        for data in content.SERVICES:
            category = ServiceCategory.objects.filter(
                slug=data["category"], locale=self.french
            ).first()
            page = ServicePage(
                title=data["title"][0],
                slug=data["slug"],
                teaser=data["teaser"][0],
                pictogram_name=data["pictogram"],
                category=category,
                image=self.image(data["title"][0], f"Illustration : {data['title'][0]}"),
                body=[
                    ("heading", {"text": "Comment ça marche ?", "level": "h2"}),
                    ("paragraph", f"<p>{data['paragraph'][0]}</p>"),
                    (
                        "info_box",
                        {
                            "title": "Bon à savoir",
                            "text": "<p>Service proposé par des bénévoles de Val-des-Aulnes.</p>",
                        },
                    ),
                ],
                join_address=data["address"][0],
                join_opening_hours=data["hours"][0],
                join_contact=data["contact"][0],
                join_price=data["price"][0],
                announcement=data.get("announcement", ("", ""))[0],
            )
            if data["trial"]:
                page.trial_offer = data["trial"][0]
                page.trial_until = self.today + datetime.timedelta(days=data["trial_days"])
            if data["location"]:
                page.latitude, page.longitude = (Decimal(v) for v in data["location"])
            pages[data["slug"]] = self.add_page(index, page)
        return pages

    def regulations(self, index, services):
        pages = {}
        for data in content.REGULATIONS:
            page = RegulationPage(
                title=data["title"][0],
                slug=data["slug"],
                question=data["question"][0],
                answer=data["answer"],
                answer_summary=data["summary"][0],
                details=f"<p>{data['details'][0]}</p>",
                last_checked=self.today - datetime.timedelta(days=data["checked_days_ago"]),
            )
            for label, url in data["references"]:
                page.legal_references.add(page.legal_references.model(label=label, url=url))
            page = self.add_page(index, page)
            pages[data["slug"]] = page
            for slug in data["services"]:
                service = services[slug]
                if not service.related_regulations.filter(regulation=page).exists():
                    service.related_regulations.add(
                        service.related_regulations.model(regulation=page)
                    )
                    service.save_revision().publish()
        for page in pages.values():
            self.translate(page)
        for service in services.values():
            self.translate(service)
        return pages

    def consent_collection(self):
        collection = Collection.objects.filter(name="Registres de consentement").first()
        if collection is None:
            collection = Collection.get_first_root_node().add_child(
                name="Registres de consentement"
            )
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.LOGIN
            )
        return collection

    def consent_record(self, name, channels, given_on, until):
        Document = get_document_model()
        title = f"Consentement de {name}"
        document = Document.objects.filter(title=title).first()
        if document:
            return document
        text = io.StringIO()
        text.write(f"Formulaire de consentement (démonstration)\n\nNom d’affichage : {name}\n")
        text.write(f"Canaux acceptés : {', '.join(channels)}\nDate : {given_on}\n")
        text.write(f"Valable jusqu’au : {until or 'sans limite'}\nSignature : (démonstration)\n")
        document = Document(title=title, collection=self.consent_collection())
        document.file.save(
            f"consentement-{name.lower()}.txt", ContentFile(text.getvalue().encode()), save=False
        )
        document.save()
        return document

    def testimonials(self, index, services):
        pages = {}
        for data in content.TESTIMONIALS:
            channels, since, until_days = data["consent"]
            given_on = self.today - datetime.timedelta(days=since)
            until = None if until_days is None else self.today + datetime.timedelta(days=until_days)
            page = TestimonialPage(
                title=data["title"][0],
                slug=data["slug"],
                display_name=data["name"],
                portrait=self.image(
                    data["name"], f"Portrait dessiné de {data['name']}", portrait=True
                ),
                quote=data["quote"][0],
                story=f"<p>{data['story'][0]}</p>",
                service=services[data["service"]],
                consent_date=given_on,
                consent_until=until,
                consent_record=self.consent_record(data["name"], channels, given_on, until),
                **{f"consent_{channel}": True for channel in channels},
            )
            pages[data["slug"]] = self.add_page(index, page)
            self.translate(pages[data["slug"]])
        return pages

    def campaigns(self, index, content_pages):
        for data in content.CAMPAIGNS:
            start = self.today + datetime.timedelta(days=data["start_offset"])
            page = CampaignPage(
                title=data["title"][0],
                slug=data["slug"],
                slogan=data["slogan"][0],
                hashtags=data["hashtags"][0],
                announcement=data["announcement"][0],
                description=f"<p>{data['description'][0]}</p>",
                start_date=start,
                end_date=self.today + datetime.timedelta(days=data["end_offset"]),
                channels=data["channels"],
                image=self.image(data["title"][0], f"Affiche de la campagne {data['title'][0]}"),
            )
            for slug in data["items"]:
                page.items.add(page.items.model(page=content_pages[slug]))
            for event in data["events"]:
                day = self.today + datetime.timedelta(days=event["day_offset"])
                starts_at = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(event["hour"]))
                )
                page.events.add(
                    page.events.model(
                        name=event["name"][0],
                        place=event["place"][0],
                        what_to_try=event["try"][0],
                        starts_at=starts_at,
                        ends_at=starts_at + datetime.timedelta(hours=3),
                        service=content_pages[event["service"]],
                    )
                )
            page = self.add_page(index, page)
            self.translate(page)

    def about(self, home):
        page = StandardPage(
            title=content.ABOUT["title"][0],
            slug=content.ABOUT["slug"],
            intro=content.ABOUT["intro"][0],
        )
        page = self.add_page(home, page)
        self.translate(page)

    def resources(self):
        """The territory's resources: places (with an urban walk), then what residents sent
        about them (a proposal, a correction, lending requests), and an open call for projects."""
        create_demo_places(stdout=self.stdout, today=self.today)
        create_demo_contributions(stdout=self.stdout)
        create_demo_lending(stdout=self.stdout, today=self.today)
        create_demo_calls(stdout=self.stdout)

    def channel_extras(self):
        """Demo material of the channel apps (links, stickers, bulletin, kiosks), then scans."""
        create_demo_links(stdout=self.stdout)
        create_demo_stickers(stdout=self.stdout)
        create_demo_bulletin(stdout=self.stdout)
        create_demo_kiosks(stdout=self.stdout)
        # Last: the history is written on the links the steps above made.
        create_demo_scans(stdout=self.stdout)
