"""The demo's shared places: the map of Val-des-Aulnes, a dozen places, and an urban walk.

``create_demo_places(stdout=None)`` makes, under the French home page, the map
page ("Lieux partagés" / "Shared places", ``/fr/lieux/`` and ``/en/places/``)
and twelve places clustered around the (invented) town centre, where the demo's
services already are: varied kinds, resources to borrow on several (a room, a
cargo bike, tools), a temporary one, and one found on an urban walk (an event
of kind "walk" added to the demo campaign, "Semaine du partage"). Each in French
with its English translation. Found by slug (and the walk by its kind), nothing
is created twice. Run it after the home page, its translation and the demo
campaign exist (``load_demo``); returns the number of things created.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Locale, Site

from campaigns.models import CampaignEvent, CampaignPage
from crieur.demo.images import get_or_create_image
from crieur.demo.translate import translate
from crieur.models import HomePage
from places.models import PlaceIndexPage, PlaceKind, PlacePage, PlaceResource, ResourceKind
from places.models import RunnerKind as Runner

__all__ = ["DEMO_CAMPAIGN", "INDEX", "PLACES", "WALK", "create_demo_places"]

DEMO_CAMPAIGN = "semaine-du-partage"
#: The town centre: the place du Marché of Val-des-Aulnes (the demo services are around it).
CENTRE = (Decimal("45.123500"), Decimal("5.654300"))

INDEX = {
    "slug": "lieux",
    "title": ("Lieux partagés", "Shared places"),
    "intro": (
        "Salles, outilthèque, jardins, boîtes à livres, frigo solidaire : les lieux que "
        "chacun peut utiliser à Val-des-Aulnes, et ce qu’on peut y emprunter.",
        "Rooms, a tool library, gardens, book boxes, a community fridge: the places anyone "
        "can use in Val-des-Aulnes, and what can be borrowed there.",
    ),
}

WALK = {
    "name": (
        "Balade urbaine : les lieux partagés du centre",
        "Urban walk: the shared places of the town centre",
    ),
    "place": ("Départ devant la mairie", "Starting in front of the town hall"),
    "try": (
        "Repérer avec les habitants les lieux que chacun peut utiliser.",
        "Find, with residents, the places anyone can use.",
    ),
    "day_offset": -6,
}

TOWN = ("Mairie de Val-des-Aulnes", "Val-des-Aulnes town hall")
HOURS_OFFICE = ("Du lundi au vendredi, 9 h – 17 h", "Monday to Friday, 9 am – 5 pm")
ALWAYS = ("Accessible à toute heure", "Open at any time")


def r(name, kind, *, capacity=None, lendable=True, description=("", "")):
    return {
        "name": name,
        "kind": kind,
        "capacity": capacity,
        "lendable": lendable,
        "description": description,
    }


PLACES = [
    {
        "slug": "salle-des-tilleuls",
        "kind": PlaceKind.ROOM,
        "title": ("Salle des Tilleuls", "Tilleuls room"),
        "teaser": (
            "Une salle de réunion de 40 places prêtée aux associations et aux habitants.",
            "A 40-seat meeting room lent to associations and residents.",
        ),
        "address": "4 rue des Tilleuls, Val-des-Aulnes",
        "offset": ("0.0006", "-0.0009"),
        "hours": ("Tous les jours, 8 h – 22 h", "Every day, 8 am – 10 pm"),
        "step_free": True,
        "toilets": True,
        "notes": ("Boucle magnétique à l’accueil.", "Hearing loop at the desk."),
        "run_by": TOWN,
        "runner": Runner.TOWN,
        "resources": [
            r(("Salle de réunion", "Meeting room"), ResourceKind.ROOM, capacity=40),
            r(("Vidéoprojecteur", "Video projector"), ResourceKind.EVENT_EQUIPMENT, capacity=1),
        ],
        "photo": ("Salle des Tilleuls", "Une salle claire, des chaises en cercle"),
    },
    {
        "slug": "outiltheque-du-marche",
        "kind": PlaceKind.TOOL_LIBRARY,
        "title": ("Outilthèque du Marché", "Market tool library"),
        "teaser": (
            "Perceuses, scies, escabeaux et un vélo cargo à emprunter.",
            "Drills, saws, stepladders and a cargo bike to borrow.",
        ),
        "address": "2 place du Marché, Val-des-Aulnes",
        "offset": ("0.0002", "0.0004"),
        "hours": ("Mercredi 17 h – 19 h, samedi 10 h – 12 h", "Wednesday 5–7 pm, Saturday 10–12"),
        "step_free": True,
        "toilets": False,
        "notes": ("", ""),
        "run_by": ("Association Les Mains Vertes", "Les Mains Vertes association"),
        "runner": Runner.ASSOCIATION,
        "resources": [
            r(("Vélo cargo", "Cargo bike"), ResourceKind.VEHICLE, capacity=1),
            r(("Caisse à outils", "Toolbox"), ResourceKind.TOOLS, capacity=6),
            r(("Remorque de vélo", "Bike trailer"), ResourceKind.VEHICLE, capacity=2),
        ],
        "photo": ("Outilthèque du Marché", "Des outils rangés sur un mur de l’atelier"),
    },
    {
        "slug": "jardin-du-lavoir",
        "kind": PlaceKind.GARDEN,
        "title": ("Jardin partagé du Lavoir", "Lavoir shared garden"),
        "teaser": (
            "Des parcelles à cultiver ensemble et des outils de jardin à prêter.",
            "Plots to grow together and garden tools to lend.",
        ),
        "address": "Chemin du Lavoir, Val-des-Aulnes",
        "offset": ("-0.0011", "0.0013"),
        "hours": ("Du lever au coucher du soleil", "From sunrise to sunset"),
        "step_free": False,
        "toilets": False,
        "notes": ("Allées en gravier, un bac surélevé.", "Gravel paths, one raised bed."),
        "run_by": ("Collectif du Lavoir", "Lavoir collective"),
        "runner": Runner.RESIDENTS,
        "resources": [
            r(("Parcelle", "Garden plot"), ResourceKind.GARDEN_PLOT, capacity=12),
            r(("Outils de jardin", "Garden tools"), ResourceKind.TOOLS),
        ],
    },
    {
        "slug": "boite-a-livres-de-la-gare",
        "kind": PlaceKind.BOOK_BOX,
        "title": ("Boîte à livres de la gare", "Station book box"),
        "teaser": ("Prenez un livre, déposez-en un.", "Take a book, leave a book."),
        "address": "Parvis de la gare, Val-des-Aulnes",
        "offset": ("0.0019", "-0.0021"),
        "hours": ALWAYS,
        "step_free": True,
        "toilets": False,
        "notes": ("", ""),
        "run_by": TOWN,
        "runner": Runner.TOWN,
        "resources": [r(("Livres", "Books"), ResourceKind.BOOKS, lendable=False)],
    },
    {
        "slug": "repair-cafe",
        "kind": PlaceKind.REPAIR_CAFE,
        "title": ("Repair café des Aulnes", "Aulnes repair café"),
        "teaser": (
            "Un samedi par mois, on répare ensemble grille-pain, vélos et vêtements.",
            "One Saturday a month, we mend toasters, bikes and clothes together.",
        ),
        "address": "Maison des associations, 4 rue des Tilleuls, Val-des-Aulnes",
        "offset": ("0.0007", "-0.0007"),
        "hours": ("Premier samedi du mois, 14 h – 18 h", "First Saturday of the month, 2–6 pm"),
        "step_free": True,
        "toilets": True,
        "notes": ("", ""),
        "run_by": ("Les Bricoleurs des Aulnes", "Les Bricoleurs des Aulnes"),
        "runner": Runner.ASSOCIATION,
        "resources": [r(("Établi et outils", "Workbench and tools"), ResourceKind.TOOLS)],
    },
    {
        "slug": "frigo-solidaire",
        "kind": PlaceKind.FRIDGE,
        "title": ("Frigo solidaire", "Community fridge"),
        "teaser": (
            "Déposez ce que vous ne mangerez pas, servez-vous de ce qui s’y trouve.",
            "Leave what you will not eat, help yourself to what is there.",
        ),
        "address": "Devant la boulangerie, 7 rue Haute, Val-des-Aulnes",
        "offset": ("-0.0004", "-0.0012"),
        "hours": ALWAYS,
        "step_free": True,
        "toilets": False,
        "notes": ("", ""),
        "run_by": ("Boulangerie Martin", "Martin bakery"),
        "runner": Runner.BUSINESS,
        "resources": [],
    },
    {
        "slug": "cuisine-partagee",
        "kind": PlaceKind.ROOM,
        "title": ("Cuisine partagée du centre social", "Social centre shared kitchen"),
        "teaser": (
            "Une cuisine équipée pour les repas de quartier et les ateliers.",
            "An equipped kitchen for neighbourhood meals and workshops.",
        ),
        "address": "Centre social, 12 avenue des Aulnes, Val-des-Aulnes",
        "offset": ("-0.0015", "-0.0003"),
        "hours": HOURS_OFFICE,
        "step_free": True,
        "toilets": True,
        "notes": ("Plan de travail à hauteur réglable.", "Height-adjustable worktop."),
        "run_by": ("Centre social des Aulnes", "Aulnes social centre"),
        "runner": Runner.ASSOCIATION,
        "resources": [r(("Cuisine", "Kitchen"), ResourceKind.KITCHEN, capacity=12)],
    },
    {
        "slug": "materiel-de-fete",
        "kind": PlaceKind.OTHER,
        "title": ("Matériel de fête de la mairie", "Town hall party equipment"),
        "teaser": (
            "Tables, bancs, barnums et sono pour vos fêtes de quartier.",
            "Tables, benches, gazebos and a sound system for street parties.",
        ),
        "address": "Services techniques, 1 rue de l’Usine, Val-des-Aulnes",
        "offset": ("0.0024", "0.0017"),
        "hours": HOURS_OFFICE,
        "step_free": True,
        "toilets": False,
        "notes": ("", ""),
        "run_by": TOWN,
        "runner": Runner.TOWN,
        "resources": [
            r(("Tables et bancs", "Tables and benches"), ResourceKind.EVENT_EQUIPMENT, capacity=20),
            r(("Barnum", "Gazebo"), ResourceKind.EVENT_EQUIPMENT, capacity=3),
            r(("Sono", "Sound system"), ResourceKind.EVENT_EQUIPMENT, capacity=1),
        ],
    },
    {
        "slug": "placette-des-aulnes",
        "kind": PlaceKind.MEETING_PLACE,
        "title": ("Placette des Aulnes", "Aulnes square"),
        "teaser": (
            "Des bancs, une table de ping-pong et de l’ombre : on s’y retrouve.",
            "Benches, a table-tennis table and shade: people meet there.",
        ),
        "address": "Angle rue Haute et rue des Aulnes, Val-des-Aulnes",
        "offset": ("-0.0007", "0.0005"),
        "hours": ALWAYS,
        "step_free": True,
        "toilets": False,
        "notes": ("", ""),
        "run_by": ("Les habitants du quartier", "The neighbourhood's residents"),
        "runner": Runner.RESIDENTS,
        "resources": [],
        "found_on_walk": True,
    },
    {
        "slug": "velos-de-la-mediatheque",
        "kind": PlaceKind.OTHER,
        "title": ("Vélos de la médiathèque", "Library bikes"),
        "teaser": (
            "Deux vélos cargo à emprunter avec votre carte de médiathèque.",
            "Two cargo bikes to borrow with your library card.",
        ),
        "address": "Médiathèque des Aulnes, 3 rue de l’École, Val-des-Aulnes",
        "offset": ("0.0012", "0.0009"),
        "hours": ("Du mardi au samedi, 10 h – 18 h", "Tuesday to Saturday, 10 am – 6 pm"),
        "step_free": True,
        "toilets": True,
        "notes": ("", ""),
        "run_by": ("Médiathèque des Aulnes", "Aulnes library"),
        "runner": Runner.TOWN,
        "resources": [r(("Vélo cargo", "Cargo bike"), ResourceKind.VEHICLE, capacity=2)],
    },
    {
        "slug": "ressourcerie-ephemere",
        "kind": PlaceKind.MEETING_PLACE,
        "title": ("Ressourcerie éphémère", "Pop-up reuse shop"),
        "teaser": (
            "Pendant la Semaine du partage, un local vide devient une ressourcerie.",
            "During Sharing Week, an empty shop becomes a reuse shop.",
        ),
        "address": "9 rue Haute, Val-des-Aulnes",
        "offset": ("-0.0002", "-0.0016"),
        "hours": ("Du mercredi au dimanche, 10 h – 19 h", "Wednesday to Sunday, 10 am – 7 pm"),
        "step_free": False,
        "toilets": False,
        "notes": ("Une marche à l’entrée.", "One step at the entrance."),
        "run_by": ("Association Seconde Main", "Seconde Main association"),
        "runner": Runner.ASSOCIATION,
        "resources": [
            r(("Stand", "Stall"), ResourceKind.EVENT_EQUIPMENT, capacity=4),
        ],
        "temporary": (-3, 45),  # days from today: first and last day
    },
    {
        "slug": "salle-polyvalente",
        "kind": PlaceKind.ROOM,
        "title": ("Salle polyvalente", "Community hall"),
        "teaser": (
            "Une grande salle pour les fêtes, les répétitions et les assemblées.",
            "A large hall for parties, rehearsals and meetings.",
        ),
        "address": "Rue du Stade, Val-des-Aulnes",
        "offset": ("-0.0026", "0.0024"),
        "hours": ("Sur réservation", "By booking"),
        "step_free": True,
        "toilets": True,
        "notes": ("Places de parking réservées.", "Reserved parking spaces."),
        "run_by": TOWN,
        "runner": Runner.TOWN,
        "resources": [r(("Grande salle", "Main hall"), ResourceKind.ROOM, capacity=150)],
    },
]


def strings_table():
    """French → English for everything the demo places and their map page say."""
    table = {INDEX["title"][0]: INDEX["title"][1], INDEX["intro"][0]: INDEX["intro"][1]}
    table[INDEX["slug"]] = "places"  # /en/places/, beside /en/places/propose/
    for data in PLACES:
        for key in ("title", "teaser", "hours", "notes", "run_by"):
            if data[key][0]:
                table[data[key][0]] = data[key][1]
        table[data["slug"]] = slugify(data["title"][1])
        for resource in data["resources"]:
            table[resource["name"][0]] = resource["name"][1]
            if resource["description"][0]:
                table[resource["description"][0]] = resource["description"][1]
    return table


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _walk(today):
    """The urban walk of the demo campaign (made once, in French and in English if translated)."""
    campaign = CampaignPage.objects.filter(slug=DEMO_CAMPAIGN).order_by("pk").first()
    if campaign is None:
        return None, 0
    existing = CampaignEvent.objects.filter(campaign=campaign, kind=CampaignEvent.Kind.WALK).first()
    if existing is not None:
        return existing, 0
    day = today + datetime.timedelta(days=WALK["day_offset"])
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    fields = {
        "kind": CampaignEvent.Kind.WALK,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=2),
    }
    walk = CampaignEvent(
        locale=campaign.locale,
        name=WALK["name"][0],
        place=WALK["place"][0],
        what_to_try=WALK["try"][0],
        **fields,
    )
    campaign.events.add(walk)
    campaign.save_revision().publish()  # saves the events of the revision: fetch the walk again
    walk = CampaignEvent.objects.get(campaign=campaign, translation_key=walk.translation_key)
    created = 1
    english = Locale.objects.filter(language_code="en").first()
    translated = campaign.get_translation_or_none(english) if english else None
    if translated is not None:
        translated.events.add(
            CampaignEvent(
                locale=english,
                translation_key=walk.translation_key,
                name=WALK["name"][1],
                place=WALK["place"][1],
                what_to_try=WALK["try"][1],
                **fields,
            )
        )
        translated.save_revision().publish()
        created += 1
    return walk, created


def _place(data, index, walk, today):
    lat = CENTRE[0] + Decimal(data["offset"][0])
    lng = CENTRE[1] + Decimal(data["offset"][1])
    page = PlacePage(
        slug=data["slug"],
        title=data["title"][0],
        kind=data["kind"],
        teaser=data["teaser"][0],
        address=data["address"],
        latitude=lat,
        longitude=lng,
        opening_hours=data["hours"][0],
        step_free_access=data["step_free"],
        accessible_toilets=data["toilets"],
        accessibility_notes=data["notes"][0],
        run_by=data["run_by"][0],
        runner_kind=data["runner"],
        contact_email=f"{data['slug']}@val-des-aulnes.example",
        found_on_walk=walk if data.get("found_on_walk") else None,
    )
    if "temporary" in data:
        first, last = data["temporary"]
        page.permanent = False
        page.available_from = today + datetime.timedelta(days=first)
        page.available_until = today + datetime.timedelta(days=last)
    for order, resource in enumerate(data["resources"]):
        page.resources.add(
            PlaceResource(
                sort_order=order,
                locale=index.locale,
                name=resource["name"][0],
                kind=resource["kind"],
                capacity=resource["capacity"],
                lendable=resource["lendable"],
                description=resource["description"][0],
            )
        )
    if "photo" in data:
        title, alt = data["photo"]
        page.photos.add(page.photos.model(image=get_or_create_image(title, alt)))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _create(stdout, today):
    french = Locale.objects.get(language_code="fr")
    english = Locale.objects.filter(language_code="en").first()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site is not None else None
    if not isinstance(home, HomePage) or home.locale_id != french.pk:
        home = HomePage.objects.filter(locale=french, depth=2).first()
    if home is None:
        _say(stdout, "No French home page: run load_demo first; no demo place made.")
        return 0
    table = strings_table()
    created = 0

    def in_english(page):
        nonlocal created
        if english is None or page.has_translation(english):
            return
        if not home.has_translation(english):
            return  # the home page's translation comes first (load_demo)
        _translated, missing = translate(page, english, table)
        if missing:
            _say(stdout, f"  untranslated in {page}: {missing}")
        created += 1

    index = home.get_children().filter(slug=INDEX["slug"]).specific().first()
    if index is None:
        index = PlaceIndexPage(title=INDEX["title"][0], slug=INDEX["slug"], intro=INDEX["intro"][0])
        home.add_child(instance=index)
        index.save_revision().publish()
        created += 1
    in_english(index)
    walk, made = _walk(today)
    created += made
    for data in PLACES:
        page = index.get_children().filter(slug=data["slug"]).specific().first()
        if page is None:
            page = _place(data, index, walk, today)
            created += 1
        in_english(page)
    if walk is not None and english is not None:
        # Translating the place found on the walk synchronises the walk's English copy
        # from the French source (wagtail-localize): give it its English words again.
        CampaignEvent.objects.filter(translation_key=walk.translation_key, locale=english).update(
            name=WALK["name"][1], place=WALK["place"][1], what_to_try=WALK["try"][1]
        )
    return created


def create_demo_places(stdout=None, today=None):
    """Make the map page, the twelve demo places and the urban walk once; the number created."""
    created = _create(stdout, today or timezone.localdate())
    _say(stdout, f"Demo places: {created} made ({len(PLACES)} places on the map).")
    return created
