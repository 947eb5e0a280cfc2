"""Translation with wagtail-localize: every translatable model, served under /en/."""

import datetime

from django.utils import timezone

from wagtail_localize.models import Translation, TranslationSource

import pytest

from crieur.demo import translate as localize
from services.models import ServiceCategory
from tests.factories import (
    CampaignPageFactory,
    RegulationPageFactory,
    ServicePageFactory,
    TestimonialPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    """wagtail-localize publishes translations on commit: run those callbacks at once."""

    def run(instance, locale, strings):
        with django_capture_on_commit_callbacks(execute=True):
            return localize.translate(instance, locale, strings)

    return run


@pytest.fixture
def english_tree(site_tree, locales, translate):
    """The site tree's home and indexes translated into English."""
    home_en, _ = translate(site_tree.home, locales["en"], {"Accueil": "Home"})
    for index in (
        site_tree.services,
        site_tree.regulations,
        site_tree.testimonials,
        site_tree.campaigns,
    ):
        translate(index, locales["en"], {})
    return home_en


def test_service_with_streamfield_and_category_is_translated_and_served_under_en(
    client, site_tree, english_tree, locales, translate
):
    category = ServiceCategory.objects.get(slug="pret-d-objets", locale=locales["fr"])
    translate(category, locales["en"], {"Prêt d’objets": "Lending of objects"})
    service = ServicePageFactory(
        parent=site_tree.services,
        slug="outilotheque",
        title="Outilthèque",
        teaser="Empruntez l’outil plutôt que de l’acheter.",
        trial_offer="Un mois gratuit",
        category=category,
        body=[
            ("heading", {"text": "Comment ça marche ?", "level": "h2"}),
            ("paragraph", "<p>On emprunte, on rend.</p>"),
        ],
    )
    service_en, missing = translate(
        service,
        locales["en"],
        {
            "Outilthèque": "Tool library",
            "Empruntez l’outil plutôt que de l’acheter.": "Borrow the tool instead of buying it.",
            "Un mois gratuit": "One month free",
            "Comment ça marche ?": "How does it work?",
            "On emprunte, on rend.": "Borrow it, bring it back.",
        },
    )
    assert missing == []
    assert service_en.locale.language_code == "en"
    assert service_en.category.locale.language_code == "en"
    assert service_en.category.name == "Lending of objects"
    assert service_en.url.startswith("/en/")

    response = client.get(service_en.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Borrow the tool instead of buying it." in html
    assert "How does it work?" in html
    assert "Borrow it, bring it back." in html
    assert "One month free" in html
    assert "Lending of objects" in html

    # The French page's language switcher goes to the English translation.
    french_html = client.get(service.url).content.decode()
    assert f'href="{service_en.url}" lang="en"' in french_html


def test_regulation_with_legal_references_is_translated(
    client, site_tree, english_tree, locales, translate
):
    page = RegulationPageFactory(
        parent=site_tree.regulations, question="Puis-je prêter ma voiture ?"
    )
    page.legal_references.create(label="Code des assurances", url="https://example.org/")
    page.save_revision().publish()
    page_en, _ = translate(
        page,
        locales["en"],
        {
            "Puis-je prêter ma voiture ?": "May I lend my car?",
            "Code des assurances": "Insurance code",
        },
    )
    html = client.get(page_en.url).content.decode()
    assert "May I lend my car?" in html
    assert "Insurance code" in html
    assert page_en.legal_references.get().url == "https://example.org/"


def test_testimonial_keeps_name_and_consent_synchronised(
    client, site_tree, english_tree, locales, translate
):
    page = TestimonialPageFactory(
        parent=site_tree.testimonials, display_name="Claire", quote="J’ai trouvé des voisins."
    )
    page_en, _ = translate(page, locales["en"], {"J’ai trouvé des voisins.": "I found neighbours."})
    assert page_en.display_name == "Claire"
    assert page_en.consent_web and page_en.consent_date == page.consent_date
    assert "I found neighbours." in client.get(page_en.url).content.decode()

    # Consent withdrawn on the source: a sync takes it off the English page too.
    page.consent_web = False
    page.save_revision().publish()
    translate(page, locales["en"], {"J’ai trouvé des voisins.": "I found neighbours."})
    page_en.refresh_from_db()
    assert page_en.consent_web is False
    assert client.get(page_en.url).status_code == 404


def test_campaign_events_are_translated_and_selection_localised(
    client, site_tree, english_tree, locales, translate
):
    service = ServicePageFactory(parent=site_tree.services, title="Outilthèque", slug="outils")
    service_en, _ = translate(service, locales["en"], {"Outilthèque": "Tool library"})
    campaign = CampaignPageFactory(parent=site_tree.campaigns, slogan="Partageons")
    campaign.items.create(page=service)
    campaign.events.create(
        name="Fête des voisins",
        place="Place du Marché",
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    campaign.save_revision().publish()
    campaign_en, _ = translate(
        campaign,
        locales["en"],
        {"Partageons": "Let’s share", "Fête des voisins": "Neighbours’ day"},
    )
    html = client.get(campaign_en.url).content.decode()
    assert "Let’s share" in html
    assert "Neighbours’ day" in html
    # The selection points at the English service, not the French one.
    assert service_en.url in html
    assert service.url not in html


def test_sync_after_a_change_updates_the_translation(
    client, site_tree, english_tree, locales, translate, django_capture_on_commit_callbacks
):
    service = ServicePageFactory(parent=site_tree.services, slug="velo", title="Vélos")
    strings = {"Vélos": "Bikes"}
    service_en, _ = translate(service, locales["en"], strings)
    service.trial_until = datetime.date(2031, 5, 1)
    service.save_revision().publish()

    source = TranslationSource.objects.get_for_instance(service)
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        Translation.objects.get(source=source, target_locale=locales["en"]).save_target()

    service_en.refresh_from_db()
    assert service_en.trial_until == datetime.date(2031, 5, 1)  # synchronised field
    assert service_en.title == "Bikes"  # the translation is kept


def test_translate_a_page_from_the_admin(
    client, site_tree, english_tree, locales, translate, staff_user
):
    service = ServicePageFactory(parent=site_tree.services, slug="jardin")
    client.force_login(staff_user)
    response = client.post(
        f"/admin/localize/submit/page/{service.pk}/", {"locales": [locales["en"].pk]}
    )
    assert response.status_code == 302
    assert service.has_translation(locales["en"])


def test_translated_slug_is_the_pages_own_and_its_old_url_redirects(
    client, site_tree, english_tree, locales, translate
):
    """A translator gives the English page an English slug; the URL it had still leads there."""
    service = ServicePageFactory(parent=site_tree.services, slug="outilotheque", title="Outils")
    first, _missing = translate(service, locales["en"], {"Outils": "Tools"})
    old_url = first.url
    assert old_url.endswith("/outilotheque/")  # the source's slug until translated
    renamed, _missing = translate(
        service, locales["en"], {"Outils": "Tools", "outilotheque": "tool-library"}
    )
    renamed.refresh_from_db()
    assert renamed.slug == "tool-library"
    assert client.get(renamed.url).status_code == 200
    response = client.get(old_url)
    assert response.status_code in (301, 302)
    assert response["Location"].rstrip("/").endswith("/tool-library")
    assert service.url.endswith("/outilotheque/")  # the French page keeps its own


def test_the_language_switcher_falls_back_to_the_home_page_in_that_language(
    client, site_tree, english_tree
):
    service = ServicePageFactory(parent=site_tree.services, slug="seulement-en-francais")
    html = client.get(service.url).content.decode()
    assert f'href="{english_tree.url}" lang="en"' in html
    assert f'href="{service.url}" lang="fr"' in html
    english_tree.refresh_from_db()  # published on commit, after it was made
    english_tree.unpublish()
    html = client.get(service.url).content.decode()
    assert 'href="/en/" lang="en"' not in html
    assert 'href="/en/services/seulement-en-francais/" lang="en"' in html
