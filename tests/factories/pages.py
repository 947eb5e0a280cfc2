import datetime

from django.utils import timezone

import factory
import wagtail_factories

from campaigns.models import CampaignIndexPage, CampaignPage
from crieur.models import HomePage
from services.models import RegulationIndexPage, RegulationPage, ServiceIndexPage, ServicePage
from testimonials.models import TestimonialIndexPage, TestimonialPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"
    intro = "Prêter, partager, covoiturer à Val-des-Aulnes."

    class Meta:
        model = HomePage


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Services"

    class Meta:
        model = ServiceIndexPage


class RegulationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Ce que dit la loi"

    class Meta:
        model = RegulationIndexPage


class TestimonialIndexPageFactory(wagtail_factories.PageFactory):
    __test__ = False  # a factory, not a test class

    title = "Témoignages"

    class Meta:
        model = TestimonialIndexPage


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "Campagnes"

    class Meta:
        model = CampaignIndexPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Service {n}")
    teaser = factory.Sequence(lambda n: f"Le service numéro {n}, près de chez vous.")
    pictogram_name = "hammer"
    trial_offer = "Un mois d’essai gratuit"

    class Meta:
        model = ServicePage


class RegulationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Règle {n}")
    question = factory.Sequence(lambda n: f"Ai-je le droit numéro {n} ?")
    answer = RegulationPage.Answer.YES
    answer_summary = "Oui, dans les limites prévues par la loi."
    last_checked = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = RegulationPage


class TestimonialPageFactory(wagtail_factories.PageFactory):
    __test__ = False  # a factory, not a test class

    title = factory.Sequence(lambda n: f"Témoignage {n}")
    display_name = factory.Sequence(lambda n: f"Voisin·e {n}")
    quote = "J’ai rencontré mes voisins en prêtant ma perceuse."
    consent_web = True
    consent_print = True
    consent_kiosk = True
    consent_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))

    class Meta:
        model = TestimonialPage


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campagne {n}")
    slogan = "Prêter, c’est gagner des voisins"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    channels = factory.LazyFunction(lambda: ["website", "kiosk", "sticker"])

    class Meta:
        model = CampaignPage
