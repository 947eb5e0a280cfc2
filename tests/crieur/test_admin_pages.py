"""Every page type: creatable in the admin, renderable, previewable, in the right place."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from bulletins.models import BulletinIndexPage
from calls.models import CallIndexPage
from campaigns.models import CampaignIndexPage, CampaignPage
from crieur.models import HomePage, StandardPage
from places.models import PlaceIndexPage
from services.models import (
    RegulationIndexPage,
    RegulationPage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
)
from testimonials.models import TestimonialIndexPage, TestimonialPage
from tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    HomePageFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    TestimonialIndexPageFactory,
    TestimonialPageFactory,
)


def service_data(**overrides):
    data = {
        "title": "Outilthèque",
        "slug": "outilotheque-admin",
        "teaser": "Empruntez l’outil plutôt que de l’acheter.",
        "pictogram_name": "hammer",
        "body": streamfield(
            [
                ("heading", {"text": "Comment ça marche ?", "level": "h2"}),
                ("paragraph", rich_text("<p>On emprunte, on rend.</p>")),
            ]
        ),
        "join_instructions": rich_text("<p>Venez avec une pièce d’identité.</p>"),
        "join_address": "4 rue des Tilleuls",
        "join_opening_hours": "Samedi 10 h – 12 h",
        "join_contact": "outils@example.org",
        "join_price": "10 € par an",
        "trial_offer": "Un mois gratuit",
        "trial_until": "2030-01-31",
        "related_regulations": inline_formset([]),
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return nested_form_data(data)


class PageTypesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, slug="accueil-admin")
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page": cls.home, "port": 80},
        )
        cls.services = ServiceIndexPageFactory(parent=cls.home, slug="services")
        cls.regulations = RegulationIndexPageFactory(parent=cls.home, slug="regles")
        cls.testimonials = TestimonialIndexPageFactory(parent=cls.home, slug="temoignages")
        cls.campaigns = CampaignIndexPageFactory(parent=cls.home, slug="campagnes")

    def setUp(self):
        self.user = self.login()

    # -- the tree ----------------------------------------------------------

    def test_page_tree_is_enforced(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ServiceIndexPage,
                RegulationIndexPage,
                TestimonialIndexPage,
                CampaignIndexPage,
                StandardPage,
                BulletinIndexPage,
                PlaceIndexPage,
                CallIndexPage,
            },
        )
        self.assertAllowedSubpageTypes(ServiceIndexPage, {ServicePage})
        self.assertAllowedSubpageTypes(RegulationIndexPage, {RegulationPage})
        self.assertAllowedSubpageTypes(TestimonialIndexPage, {TestimonialPage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        for leaf in (ServicePage, RegulationPage, TestimonialPage, CampaignPage):
            self.assertAllowedSubpageTypes(leaf, set())
        self.assertCanNotCreateAt(HomePage, ServicePage)
        self.assertCanNotCreateAt(ServiceIndexPage, TestimonialPage)

    # -- creation through the admin form --------------------------------------

    def test_can_create_service(self):
        category = ServiceCategory.objects.filter(locale=self.home.locale).first()
        self.assertCanCreate(self.services, ServicePage, service_data(category=category.pk))
        page = ServicePage.objects.get(slug="outilotheque-admin")
        self.assertEqual(page.teaser, "Empruntez l’outil plutôt que de l’acheter.")
        self.assertEqual(page.category, category)

    def test_can_create_regulation(self):
        data = nested_form_data(
            {
                "title": "Prêter sa voiture",
                "slug": "preter-sa-voiture",
                "question": "Puis-je prêter ma voiture à un voisin ?",
                "answer": "depends",
                "answer_summary": "Oui, si votre contrat le permet.",
                "details": rich_text("<p>Lisez votre contrat.</p>"),
                "last_checked": "2026-01-15",
                "legal_references": inline_formset(
                    [{"label": "Code des assurances, L211-1", "url": "https://example.org/"}]
                ),
            }
        )
        self.assertCanCreate(self.regulations, RegulationPage, data)
        page = RegulationPage.objects.get(slug="preter-sa-voiture")
        self.assertEqual(page.legal_references.get().label, "Code des assurances, L211-1")

    def test_can_create_testimonial(self):
        service = ServicePageFactory(parent=self.services)
        data = nested_form_data(
            {
                "title": "Claire",
                "slug": "claire",
                "display_name": "Claire",
                "quote": "J’ai rencontré mes voisins.",
                "story": rich_text("<p>Une belle histoire.</p>"),
                "service": service.pk,
                "consent_web": "on",
                "consent_print": "on",
                "consent_date": "2026-01-10",
                "consent_until": "2027-01-10",
            }
        )
        self.assertCanCreate(self.testimonials, TestimonialPage, data)
        page = TestimonialPage.objects.get(slug="claire")
        self.assertTrue(page.consent_web and page.consent_print and not page.consent_kiosk)

    def test_can_create_campaign_with_events(self):
        service = ServicePageFactory(parent=self.services)
        data = nested_form_data(
            {
                "title": "Semaine du partage",
                "slug": "semaine-du-partage",
                "slogan": "Prêter, c’est gagner des voisins",
                "start_date": "2026-09-01",
                "end_date": "2026-09-30",
                "description": rich_text("<p>Un mois pour essayer.</p>"),
                "items": inline_formset([{"page": service.pk}]),
                "events": inline_formset(
                    [
                        {
                            "name": "Fête des voisins",
                            "kind": "trial",
                            "starts_at": "2026-09-12 17:00",
                            "ends_at": "2026-09-12 20:00",
                            "place": "Place du Marché",
                            "what_to_try": "Emprunter une perceuse",
                            "service": service.pk,
                        },
                        {
                            "name": "Balade des lieux partagés",
                            "kind": "walk",
                            "starts_at": "2026-09-19 10:00",
                            "place": "Parvis de la mairie",
                        },
                    ]
                ),
            }
        )
        data["channels"] = ["website", "kiosk"]
        self.assertCanCreate(self.campaigns, CampaignPage, data)
        page = CampaignPage.objects.get(slug="semaine-du-partage")
        self.assertEqual(page.channels, ["website", "kiosk"])
        self.assertEqual(
            [(event.name, event.kind) for event in page.events.order_by("starts_at")],
            [("Fête des voisins", "trial"), ("Balade des lieux partagés", "walk")],
        )
        self.assertEqual([item.page_id for item in page.items.all()], [service.pk])

    def test_can_create_standard_page(self):
        data = nested_form_data(
            {"title": "À propos", "slug": "a-propos", "intro": "", "body": streamfield([])}
        )
        self.assertCanCreate(self.home, StandardPage, data)

    # -- rendering and preview ------------------------------------------------

    def content_pages(self):
        service = ServicePageFactory(parent=self.services)
        return [
            self.home,
            self.services,
            self.regulations,
            self.testimonials,
            self.campaigns,
            service,
            RegulationPageFactory(parent=self.regulations),
            TestimonialPageFactory(parent=self.testimonials, service=service),
            CampaignPageFactory(parent=self.campaigns),
        ]

    def preview_data(self, page):
        """The edit form's data; StreamFields are filled by JavaScript, so add them."""
        self.client.force_login(self.user)
        html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        if hasattr(page, "body"):
            body = nested_form_data(
                {"body": streamfield([("heading", {"text": "Aperçu", "level": "h2"})])}
            )
            data.update(body)
        return data

    def test_every_page_type_renders_and_previews(self):
        for page in self.content_pages():
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsPreviewable(page, post_data=self.preview_data(page))

    def test_every_page_has_social_meta(self):
        for page in self.content_pages():
            with self.subTest(page=type(page).__name__):
                html = self.client.get(page.url).content.decode()
                self.assertIn('property="og:title"', html)
                self.assertIn('name="twitter:card"', html)
                self.assertIn(f'<link rel="canonical" href="{page.full_url}">', html)
                self.assertIn(f'<meta property="og:url" content="{page.full_url}">', html)
                self.assertIn('class="skip-link"', html)

    # -- validation messages ----------------------------------------------------

    def post_create(self, parent, model, data):
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
        return self.client.post(url, data)

    def assertFieldError(self, response, field, fragment):
        form = response.context["form"]
        self.assertIn(field, form.errors, form.errors)
        self.assertTrue(
            any(fragment in message for message in form.errors[field]), form.errors[field]
        )

    def test_teaser_over_160_characters_is_refused(self):
        response = self.post_create(self.services, ServicePage, service_data(teaser="x" * 161))
        self.assertEqual(response.status_code, 200)
        self.assertFieldError(response, "teaser", "160")
        self.assertFalse(ServicePage.objects.filter(slug="outilotheque-admin").exists())

    def test_quote_over_280_characters_is_refused(self):
        data = nested_form_data(
            {
                "title": "Trop long",
                "slug": "trop-long",
                "display_name": "Paul",
                "quote": "y" * 281,
                "story": rich_text(""),
            }
        )
        response = self.post_create(self.testimonials, TestimonialPage, data)
        self.assertFieldError(response, "quote", "280")

    def test_consent_expiring_before_it_was_given_is_refused(self):
        data = nested_form_data(
            {
                "title": "Dates inversées",
                "slug": "dates-inversees",
                "display_name": "Paul",
                "quote": "Bien.",
                "story": rich_text(""),
                "consent_web": "on",
                "consent_date": "2026-05-10",
                "consent_until": "2026-05-01",
            }
        )
        response = self.post_create(self.testimonials, TestimonialPage, data)
        self.assertFieldError(response, "consent_until", "")
        self.assertFalse(TestimonialPage.objects.filter(slug="dates-inversees").exists())

    def campaign_data(self, start, end, event_start):
        data = nested_form_data(
            {
                "title": "Campagne",
                "slug": "campagne-invalide",
                "slogan": "Partageons",
                "start_date": start,
                "end_date": end,
                "description": rich_text(""),
                "items": inline_formset([]),
                "events": inline_formset(
                    [
                        {
                            "name": "Forum",
                            "kind": "trial",
                            "starts_at": event_start,
                            "place": "Gymnase",
                        }
                    ]
                    if event_start
                    else []
                ),
            }
        )
        data["channels"] = ["website"]
        return data

    def test_campaign_ending_before_it_starts_is_refused(self):
        response = self.post_create(
            self.campaigns, CampaignPage, self.campaign_data("2026-09-30", "2026-09-01", None)
        )
        self.assertFieldError(response, "end_date", "")
        self.assertFalse(CampaignPage.objects.filter(slug="campagne-invalide").exists())

    def test_event_outside_the_campaign_period_is_refused(self):
        response = self.post_create(
            self.campaigns,
            CampaignPage,
            self.campaign_data("2026-09-01", "2026-09-30", "2026-10-05 10:00"),
        )
        self.assertEqual(response.status_code, 200)
        event_form = response.context["form"].formsets["events"].forms[0]
        self.assertIn("starts_at", event_form.errors)
        self.assertFalse(CampaignPage.objects.filter(slug="campagne-invalide").exists())

    def test_unknown_lucide_pictogram_is_refused(self):
        response = self.post_create(
            self.services, ServicePage, service_data(pictogram_name="not-an-icon")
        )
        self.assertFieldError(response, "pictogram_name", "Lucide")
