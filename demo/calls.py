"""The demo call for projects: open, 12,000 €, with a few applications (French and English).

Idempotent: the demo loader can call :func:`create_demo_calls` on every run.
The index and the call are found by slug under the French home page, their
English translations are made only when missing, and each application by its
fixed submission token, so nothing is made twice. The call's dates are set
when it is first made (opened three weeks before, closing five weeks after).
"""

import datetime
import uuid

from django.utils import timezone

from wagtail.models import Locale, Site

from calls.models import Application, CallIndexPage, CallPage
from crieur.demo.translate import translate
from crieur.models import HomePage

__all__ = ["CALL", "create_demo_calls"]

#: (French, English) pairs of the demo call.
CALL = {
    "index_title": ("Appels à projets", "Calls for projects"),
    "index_slug": ("appels-a-projets", "calls-for-projects"),
    "index_intro": (
        "La commune finance les projets de ses habitants : associations, groupes de voisins "
        "ou habitants seuls, tout le monde peut répondre.",
        "The town funds its residents’ projects: associations, groups of neighbours or "
        "residents on their own, anyone can apply.",
    ),
    "title": ("Fonds des voisins 2026", "Neighbours’ fund 2026"),
    "slug": ("fonds-des-voisins", "neighbours-fund"),
    "teaser": (
        "12 000 € partagés à parts égales entre les projets qui rapprochent les voisins.",
        "12,000 € shared equally among the projects that bring neighbours together.",
    ),
    "eligibility": (
        "Un projet ouvert à tous, à Val-des-Aulnes, qui fait se rencontrer les voisins : "
        "un jardin, une fête de rue, un atelier de réparation, une boîte à livres.",
        "A project open to all, in Val-des-Aulnes, that brings neighbours together: "
        "a garden, a street party, a repair workshop, a book box.",
    ),
    "who": (
        "Tout le monde : une association, un groupe informel de voisins ou un habitant seul. "
        "Pas besoin de statuts ni de compte.",
        "Anyone: an association, an informal group of neighbours or a resident on their own. "
        "No statutes or account needed.",
    ),
    "next": (
        "Nous répondons à chaque candidature dans les deux semaines qui suivent la clôture. "
        "Le budget est partagé à parts égales entre les projets retenus ; l’argent est versé "
        "le mois suivant.",
        "We answer every application within two weeks of the closing day. The budget is "
        "shared equally among the projects accepted; the money is paid the following month.",
    ),
}

#: The demo applications: (token number, days ago, status, reason, fields).
APPLICATIONS = [
    (1, 20, "accepted", "", {
        "group_name": "Les Jardiniers du Bourg",
        "applicant_kind": "group",
        "title": "Un potager partagé au pied des immeubles",
        "description": "Six bacs de culture, des outils en commun et un atelier chaque samedi.",
        "where": "Résidence des Tilleuls",
        "when": "D’avril à octobre",
        "requested_amount": 1800,
    }),
    (2, 18, "accepted", "", {
        "group_name": "Association Répar’Aulnes",
        "applicant_kind": "association",
        "title": "Un repair café mobile",
        "description": "Un vélo-cargo équipé pour réparer dans chaque quartier une fois par mois.",
        "where": "Les places des quatre quartiers",
        "when": "Un samedi par mois",
        "requested_amount": 3500,
    }),
    (3, 15, "accepted", "", {
        "group_name": "Amina Benali",
        "applicant_kind": "resident",
        "title": "Une boîte à livres pour enfants",
        "description": "Une boîte à livres à hauteur d’enfant devant l’école, décorée avec eux.",
        "where": "Devant l’école des Aulnes",
        "when": "À la rentrée",
        "requested_amount": None,
    }),
    (4, 12, "accepted", "", {
        "group_name": "Collectif de la rue des Saules",
        "applicant_kind": "group",
        "title": "Une fête de rue sans voiture",
        "description": "Une journée de jeux, un repas partagé et un troc de plantes.",
        "where": "Rue des Saules",
        "when": "Le premier dimanche de juin",
        "requested_amount": 900,
    }),
    (5, 10, "not_accepted", (
        "Votre projet se déroule hors de la commune : l’appel finance les projets menés à "
        "Val-des-Aulnes. Le fonds départemental peut vous aider, n’hésitez pas à nous écrire."
    ), {
        "group_name": "Club de randonnée du Val",
        "applicant_kind": "association",
        "title": "Un séjour en montagne",
        "description": "Une semaine de randonnée dans les Alpes pour les membres du club.",
        "where": "Chamonix",
        "when": "En juillet",
        "requested_amount": 6000,
    }),
    (6, 6, "received", "", {
        "group_name": "Les Voisins solidaires",
        "applicant_kind": "group",
        "title": "Une grainothèque à la médiathèque",
        "description": "Des graines échangées librement, et deux ateliers de semis au printemps.",
        "where": "Médiathèque de Val-des-Aulnes",
        "when": "Toute l’année",
        "requested_amount": 400,
    }),
    (7, 2, "received", "", {
        "group_name": "Théo Marchand",
        "applicant_kind": "resident",
        "title": "Un atelier vélo pour les ados",
        "description": "Apprendre à réparer son vélo, le mercredi après-midi, avec des bénévoles.",
        "where": "Garage de la maison de quartier",
        "when": "Le mercredi, de mars à juin",
        "requested_amount": 1200,
    }),
]  # fmt: skip

#: Tokens of the demo applications: fixed, so a second run finds them.
TOKENS = uuid.UUID("6f1c5e0a-6c3b-4d8e-9a51-3f0d2b7c9e11")


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _french_home(french):
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site is not None else None
    if isinstance(home, HomePage) and home.locale_id != french.pk:
        home = home.get_translation_or_none(french)
    if not isinstance(home, HomePage):
        home = HomePage.objects.filter(locale=french, depth=2).first()
    return home


def create_demo_calls(stdout=None):
    """The demo call for projects and its applications; returns the French call page."""
    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    home = _french_home(french)
    if home is None:
        _write(stdout, "Demo call for projects: no French home page, skipped.")
        return None
    strings = dict(CALL.values())

    index = CallIndexPage.objects.child_of(home).filter(slug=CALL["index_slug"][0]).first()
    if index is None:
        index = CallIndexPage(
            title=CALL["index_title"][0], slug=CALL["index_slug"][0], intro=CALL["index_intro"][0]
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    if not index.has_translation(english) and home.has_translation(english):
        translate(index, english, strings)

    call = CallPage.objects.child_of(index).filter(slug=CALL["slug"][0]).first()
    if call is None:
        today = timezone.localdate()
        call = CallPage(
            title=CALL["title"][0],
            slug=CALL["slug"][0],
            teaser=CALL["teaser"][0],
            budget=12_000,
            opens_on=today - datetime.timedelta(weeks=3),
            closes_on=today + datetime.timedelta(weeks=5),
            eligibility=CALL["eligibility"][0],
            who_can_apply=CALL["who"][0],
            next_steps=CALL["next"][0],
        )
        index.add_child(instance=call)
        call.save_revision().publish()
    if not call.has_translation(english) and index.has_translation(english):
        translate(call, english, strings)

    made = 0
    now = timezone.now()
    for number, days_ago, status, reason, fields in APPLICATIONS:
        token = uuid.uuid5(TOKENS, str(number))
        if Application.objects.filter(submission_token=token).exists():
            continue
        Application(
            call=call,
            submission_token=token,
            submitted_at=now - datetime.timedelta(days=days_ago),
            language="fr",
            status=status,
            decision_reason=reason,
            decided_at=now if status != "received" else None,
            contact_name=f"Contact {number}",
            contact_email=f"candidature{number}@example.org",
            **fields,
        ).save_new()
        made += 1
    share = call.share()
    _write(
        stdout,
        f"Call for projects: {call.title} ready ({made} new applications; "
        f"{share.projects} accepted, {share.each} € each; {call.url}).",
    )
    return call
