"""The demo commune, Val-des-Aulnes (invented): content in French with its English.

Every text is a (French, English) pair; dates are relative to the day the demo
is loaded, so the campaigns are always current or upcoming.
"""

AUTHORITY = "Commune de Val-des-Aulnes"

HOME = {
    "title": ("Val-des-Aulnes partage", "Val-des-Aulnes shares"),
    "intro": (
        "Prêter, emprunter, covoiturer, réparer : les services de partage près de chez vous.",
        "Lend, borrow, carpool, repair: the sharing services near you.",
    ),
}

INDEXES = {
    "services": ("services", "Services de partage", "Sharing services"),
    "regulations": ("ce-que-dit-la-loi", "Ce que dit la loi", "What the rules say"),
    "testimonials": ("temoignages", "Témoignages", "Testimonials"),
    "campaigns": ("campagnes", "Campagnes", "Campaigns"),
}

CATEGORY_NAMES_EN = {
    "pret-d-objets": "Lending of objects",
    "mobilite": "Mobility",
    "alimentation": "Food",
    "livres-et-culture": "Books and culture",
    "savoir-faire": "Skills",
    "espaces-partages": "Shared spaces",
}

SERVICES = [
    {
        "slug": "outilotheque",
        "category": "pret-d-objets",
        "pictogram": "hammer",
        "title": ("Outilthèque des Aulnes", "Aulnes tool library"),
        "teaser": (
            "Perceuse, escabeau, taille-haie : empruntez l’outil plutôt que de l’acheter.",
            "Drill, stepladder, hedge trimmer: borrow the tool instead of buying it.",
        ),
        "trial": (
            "Empruntez gratuitement n’importe quel outil pendant un mois.",
            "Borrow any tool free of charge for a month.",
        ),
        "trial_days": 60,
        "address": (
            "Maison des associations, 4 rue des Tilleuls",
            "Maison des associations, 4 rue des Tilleuls",
        ),
        "hours": (
            "Mercredi 17 h – 19 h, samedi 10 h – 12 h",
            "Wednesday 5–7 pm, Saturday 10 am – noon",
        ),
        "contact": ("outils@val-des-aulnes.example", "outils@val-des-aulnes.example"),
        "price": ("Adhésion 10 € par an", "Membership €10 a year"),
        "paragraph": (
            "Une perceuse sert en moyenne treize minutes dans toute sa vie. Les bénévoles de l’outilthèque prêtent plus de deux cents outils entretenus.",
            "A drill is used on average thirteen minutes in its whole life. The tool library volunteers lend over two hundred well-kept tools.",
        ),
        "location": ("45.123456", "5.654321"),
        "announcement": (
            "Oyez, oyez ! Une perceuse sert treize minutes dans toute sa vie. Alors pourquoi l’acheter ? À l’outilthèque des Aulnes, plus de deux cents outils vous attendent : perceuse, escabeau, taille-haie. Ce mois-ci, le premier emprunt est gratuit. Maison des associations, rue des Tilleuls, le mercredi soir et le samedi matin.",
            "Hear ye, hear ye! A drill is used for thirteen minutes in its whole life. So why buy one? At the Aulnes tool library, over two hundred tools are waiting for you: drill, stepladder, hedge trimmer. This month, your first loan is free. Maison des associations, rue des Tilleuls, on Wednesday evenings and Saturday mornings.",
        ),
    },
    {
        "slug": "covoiturage-gare",
        "category": "mobilite",
        "pictogram": "car",
        "title": ("Covoiturage Aulnes – Gare", "Aulnes – Station carpooling"),
        "teaser": (
            "Rejoignez la gare à plusieurs : un trajet partagé, des frais divisés.",
            "Get to the station together: one shared ride, split costs.",
        ),
        "trial": ("Vos cinq premiers trajets sont offerts.", "Your first five rides are free."),
        "trial_days": 90,
        "address": ("Parking de la mairie", "Town hall car park"),
        "hours": ("Départs de 6 h 30 à 9 h", "Departures from 6:30 to 9 am"),
        "contact": ("covoiturage@val-des-aulnes.example", "covoiturage@val-des-aulnes.example"),
        "price": ("Participation aux frais : 2 € le trajet", "Cost sharing: €2 a ride"),
        "paragraph": (
            "Les conducteurs proposent leurs places la veille ; les passagers réservent en un message.",
            "Drivers offer their seats the day before; passengers book with one message.",
        ),
        "location": None,
    },
    {
        "slug": "boites-a-livres",
        "category": "livres-et-culture",
        "pictogram": "book-open",
        "title": ("Boîtes à livres", "Book boxes"),
        "teaser": (
            "Déposez un livre, prenez-en un autre : sept boîtes dans la commune.",
            "Leave a book, take another: seven boxes around the town.",
        ),
        "trial": None,
        "address": (
            "Sept boîtes, dont une devant la médiathèque",
            "Seven boxes, one of them outside the library",
        ),
        "hours": ("Toujours ouvertes", "Always open"),
        "contact": ("mediatheque@val-des-aulnes.example", "mediatheque@val-des-aulnes.example"),
        "price": ("Gratuit", "Free"),
        "paragraph": (
            "Chaque boîte est parrainée par un voisin qui veille à ce qu’elle reste rangée.",
            "Each box is looked after by a neighbour who keeps it tidy.",
        ),
        "location": ("45.124000", "5.650000"),
    },
    {
        "slug": "repair-cafe",
        "category": "savoir-faire",
        "pictogram": "wrench",
        "title": ("Repair café", "Repair café"),
        "teaser": (
            "Un grille-pain en panne ? Réparez-le avec des bénévoles, un samedi par mois.",
            "A broken toaster? Fix it with volunteers, one Saturday a month.",
        ),
        "announcement": (
            "Avis à la population ! Votre grille-pain ne grille plus ? Votre lampe clignote ? Ne les jetez pas : un samedi par mois, les bénévoles du repair café vous apprennent à les réparer vous-même. La première réparation accompagnée est offerte. Apportez l’objet, repartez avec, et un savoir-faire en plus !",
            "Hear ye, hear ye! Your toaster no longer toasts? Your lamp flickers? Don’t throw them away: one Saturday a month, the repair café volunteers show you how to fix them yourself. Your first guided repair is free. Bring the object, leave with it, and with a new skill!",
        ),
        "trial": (
            "Première réparation accompagnée offerte.",
            "Your first guided repair is free.",
        ),
        "trial_days": 45,
        "address": ("Salle polyvalente, place du Marché", "Community hall, place du Marché"),
        "hours": ("Premier samedi du mois, 14 h – 18 h", "First Saturday of the month, 2–6 pm"),
        "contact": ("repair@val-des-aulnes.example", "repair@val-des-aulnes.example"),
        "price": ("Participation libre", "Pay what you like"),
        "paragraph": (
            "Sept objets sur dix repartent réparés. Apportez l’objet et, si vous l’avez, sa notice.",
            "Seven objects out of ten leave repaired. Bring the object and, if you have it, its manual.",
        ),
        "location": None,
    },
    {
        "slug": "jardin-partage",
        "category": "espaces-partages",
        "pictogram": "sprout",
        "title": ("Jardin partagé des Tilleuls", "Tilleuls shared garden"),
        "teaser": (
            "Une parcelle, des graines et des voisins : cultivez ensemble au cœur du quartier.",
            "A plot, seeds and neighbours: grow together in the heart of the neighbourhood.",
        ),
        "trial": (
            "Venez jardiner un mois avant de prendre une parcelle.",
            "Come and garden for a month before taking a plot.",
        ),
        "trial_days": 30,
        "address": (
            "Angle rue des Tilleuls et chemin du Lavoir",
            "Corner of rue des Tilleuls and chemin du Lavoir",
        ),
        "hours": ("Tous les jours de 8 h à 20 h", "Every day from 8 am to 8 pm"),
        "contact": ("jardin@val-des-aulnes.example", "jardin@val-des-aulnes.example"),
        "price": ("5 € par an", "€5 a year"),
        "paragraph": (
            "Les outils du jardin sont partagés et l’eau vient d’une cuve de récupération.",
            "The garden tools are shared and the water comes from a rainwater tank.",
        ),
        "location": ("45.121000", "5.657000"),
    },
    {
        "slug": "frigo-solidaire",
        "category": "alimentation",
        "pictogram": "refrigerator",
        "title": ("Frigo solidaire", "Community fridge"),
        "teaser": (
            "Des produits frais à partager plutôt qu’à jeter, devant l’épicerie du centre.",
            "Fresh food to share rather than throw away, outside the town-centre grocery.",
        ),
        "trial": None,
        "address": ("Devant l’épicerie, 12 Grande Rue", "Outside the grocery, 12 Grande Rue"),
        "hours": ("Tous les jours de 7 h à 21 h", "Every day from 7 am to 9 pm"),
        "contact": ("frigo@val-des-aulnes.example", "frigo@val-des-aulnes.example"),
        "price": ("Gratuit", "Free"),
        "paragraph": (
            "Un bénévole vérifie les dates chaque matin ; les plats cuisinés maison ne sont pas acceptés.",
            "A volunteer checks the dates every morning; home-cooked dishes are not accepted.",
        ),
        "location": None,
    },
]

# Explainers: (slug, question, answer, summary, details, references, days since checked, services)
REGULATIONS = [
    {
        "slug": "preter-sa-voiture",
        "title": ("Prêter sa voiture", "Lending your car"),
        "question": (
            "Puis-je prêter ma voiture à un voisin ? Qui est assuré ?",
            "May I lend my car to a neighbour? Who is insured?",
        ),
        "answer": "depends",
        "summary": (
            "Oui, si votre contrat n’exclut pas le prêt du volant : c’est votre assurance qui joue.",
            "Yes, unless your policy excludes other drivers: your insurance is the one that pays.",
        ),
        "details": (
            "Vérifiez la clause de conduite exclusive de votre contrat et prévenez votre assureur en cas de prêt régulier.",
            "Check your policy for an exclusive-driver clause and tell your insurer if you lend the car regularly.",
        ),
        "references": [("Code des assurances, article L211-1", "https://www.legifrance.gouv.fr/")],
        "checked_days_ago": 40,
        "services": ["covoiturage-gare"],
    },
    {
        "slug": "covoiturage-frais",
        "title": ("Covoiturage et frais", "Carpooling and costs"),
        "question": (
            "Le covoiturage est-il légal si le passager participe aux frais ?",
            "Is carpooling legal if the passenger shares the costs?",
        ),
        "answer": "yes",
        "summary": (
            "Oui, tant que la participation ne dépasse pas les frais réels du trajet.",
            "Yes, as long as the contribution does not exceed the real cost of the trip.",
        ),
        "details": (
            "Au-delà des frais partagés, le conducteur ferait du transport rémunéré, soumis à d’autres règles.",
            "Beyond shared costs, the driver would be running a paid transport service, with other rules.",
        ),
        "references": [("Code des transports, article L3132-1", "https://www.legifrance.gouv.fr/")],
        "checked_days_ago": 120,
        "services": ["covoiturage-gare"],
    },
    {
        "slug": "boite-a-livres-trottoir",
        "title": ("Boîte à livres sur le trottoir", "A book box on the pavement"),
        "question": (
            "Ai-je le droit d’installer une boîte à livres devant chez moi ?",
            "May I put a book box in front of my house?",
        ),
        "answer": "depends",
        "summary": (
            "Sur le trottoir, il faut une autorisation de la mairie ; chez vous, c’est libre.",
            "On the pavement you need the town hall’s permission; on your own land you are free.",
        ),
        "details": (
            "La demande d’occupation du domaine public est gratuite pour les boîtes à livres de la commune.",
            "Applying to use public space is free of charge for book boxes in the town.",
        ),
        "references": [
            ("Code général de la propriété des personnes publiques, article L2122-1", "")
        ],
        "checked_days_ago": 200,
        "services": ["boites-a-livres"],
    },
    {
        "slug": "outil-prete-accident",
        "title": ("Accident avec un outil prêté", "An accident with a lent tool"),
        "question": (
            "Si un outil prêté blesse l’emprunteur, suis-je responsable ?",
            "If a tool I lent injures the borrower, am I liable?",
        ),
        "answer": "depends",
        "summary": (
            "Non si l’outil était en bon état et utilisé normalement ; oui si vous connaissiez un défaut.",
            "No if the tool was in good condition and used normally; yes if you knew of a defect.",
        ),
        "details": (
            "L’outilthèque vérifie chaque outil au retour et est assurée pour les prêts.",
            "The tool library checks every tool when it comes back and is insured for loans.",
        ),
        "references": [
            ("Code civil, articles 1880 à 1891 (prêt à usage)", "https://www.legifrance.gouv.fr/")
        ],
        "checked_days_ago": 15,
        "services": ["outilotheque"],
    },
    {
        "slug": "frigo-plats-maison",
        "title": ("Plats faits maison au frigo", "Home-made dishes in the fridge"),
        "question": (
            "Puis-je déposer des restes de repas au frigo solidaire ?",
            "May I leave leftovers in the community fridge?",
        ),
        "answer": "no",
        "summary": (
            "Non : les règles d’hygiène réservent le frigo aux produits emballés et datés.",
            "No: hygiene rules keep the fridge for packaged, dated food.",
        ),
        "details": (
            "Les fruits et légumes frais sont acceptés ; les plats cuisinés à la maison ne le sont pas.",
            "Fresh fruit and vegetables are welcome; home-cooked dishes are not.",
        ),
        "references": [
            ("Règlement (CE) n° 852/2004 relatif à l’hygiène des denrées alimentaires", "")
        ],
        "checked_days_ago": 420,  # stale: not checked for over a year
        "services": ["frigo-solidaire"],
    },
]

# Consent: channels, days since consent, days until expiry (None: no expiry; negative: expired).
TESTIMONIALS = [
    {
        "slug": "claire-perceuse",
        "name": "Claire",
        "service": "outilotheque",
        "title": ("Claire et la perceuse", "Claire and the drill"),
        "quote": (
            "J’ai emprunté une perceuse pour un week-end et je suis repartie avec trois nouveaux voisins.",
            "I borrowed a drill for a weekend and came back with three new neighbours.",
        ),
        "story": (
            "Je venais d’emménager et je n’avais aucun outil. À l’outilthèque, on m’a aussi expliqué comment percer du béton.",
            "I had just moved in and had no tools. At the tool library they also showed me how to drill into concrete.",
        ),
        "consent": (["web", "print", "kiosk", "social"], 60, 300),
    },
    {
        "slug": "mehdi-covoiturage",
        "name": "Mehdi",
        "service": "covoiturage-gare",
        "title": ("Mehdi, conducteur du matin", "Mehdi, the morning driver"),
        "quote": (
            "Je fais le trajet tous les jours : autant le faire à trois et discuter en route.",
            "I make the trip every day: I might as well do it with two others and chat on the way.",
        ),
        "story": (
            "Mes passagers participent à l’essence et nous avons même organisé un pique-nique de covoitureurs.",
            "My passengers chip in for petrol and we even organised a carpoolers’ picnic.",
        ),
        "consent": (["web", "kiosk"], 30, None),
    },
    {
        "slug": "jeanne-boite-a-livres",
        "name": "Jeanne",
        "service": "boites-a-livres",
        "title": ("Jeanne, marraine d’une boîte à livres", "Jeanne, who looks after a book box"),
        "quote": (
            "Ma boîte à livres, c’est devenu le point de rendez-vous de la rue.",
            "My book box has become the street’s meeting point.",
        ),
        "story": (
            "Chaque semaine, je range la boîte et j’y découvre des livres que je n’aurais jamais lus.",
            "Every week I tidy the box and find books I would never have read.",
        ),
        "consent": (["web", "print"], 400, -10),  # expired ten days ago
    },
    {
        "slug": "paul-repair-cafe",
        "name": "Paul",
        "service": "repair-cafe",
        "title": ("Paul a réparé son grille-pain", "Paul fixed his toaster"),
        "quote": (
            "En vingt minutes, un bénévole m’a montré comment changer la résistance.",
            "In twenty minutes a volunteer showed me how to replace the heating element.",
        ),
        "story": (
            "Je pensais le jeter. Maintenant, je reviens chaque mois pour aider à mon tour.",
            "I was going to throw it away. Now I come back every month to help in turn.",
        ),
        "consent": (["print"], 20, 365),  # print only: not on the website
    },
    {
        "slug": "amina-jardin",
        "name": "Amina",
        "service": "jardin-partage",
        "title": ("Amina et ses tomates", "Amina and her tomatoes"),
        "quote": (
            "Mes enfants savent maintenant d’où viennent les tomates, et les voisins aussi.",
            "My children now know where tomatoes come from, and so do the neighbours.",
        ),
        "story": (
            "Nous avons commencé par un mois d’essai ; l’année suivante, nous avions notre parcelle.",
            "We started with a trial month; the next year we had our own plot.",
        ),
        "consent": (["web", "print", "kiosk"], 90, 20),  # expires within the month
    },
    {
        "slug": "louis-frigo",
        "name": "Louis",
        "service": "frigo-solidaire",
        "title": ("Louis, bénévole du frigo", "Louis, fridge volunteer"),
        "quote": (
            "Chaque matin je vérifie les dates : presque rien n’est jeté.",
            "Every morning I check the dates: almost nothing is thrown away.",
        ),
        "story": (
            "L’épicerie dépose ses invendus et les habitants viennent se servir tout au long de la journée.",
            "The grocery leaves its unsold food and residents help themselves all day long.",
        ),
        "consent": (["web", "kiosk", "social"], 10, None),
    },
]

CAMPAIGNS = [
    {
        "slug": "semaine-du-partage",
        "title": ("Semaine du partage", "Sharing week"),
        "slogan": ("Prêter, c’est gagner des voisins", "Lending wins you neighbours"),
        "hashtags": (
            "#SemaineDuPartage #ValDesAulnes #Réemploi",
            "#SharingWeek #ValDesAulnes #Reuse",
        ),
        "announcement": (
            "Oyez, oyez, habitants de Val-des-Aulnes ! C’est la Semaine du partage. Pendant trois mois, essayez gratuitement l’outilthèque, le repair café et le jardin partagé. Pourquoi acheter ce que vos voisins peuvent vous prêter ? Rendez-vous à la fête des voisins, place du Marché : vous pourrez emprunter un outil sur place, sans adhésion. Prêter, c’est gagner des voisins !",
            "Hear ye, hear ye, people of Val-des-Aulnes! It’s Sharing Week. For three months, try the tool library, the repair café and the shared garden for free. Why buy what your neighbours can lend you? Come to Neighbours’ Day on the Place du Marché: you can borrow a tool on the spot, no membership needed. Lending wins you neighbours!",
        ),
        "description": (
            "Pendant trois mois, essayez gratuitement les services de partage de la commune et rencontrez ceux qui les font vivre.",
            "For three months, try the town’s sharing services for free and meet the people who run them.",
        ),
        # About ten weeks of history (demo/scans.py) and a month to go.
        "start_offset": -65,
        "end_offset": 25,
        "channels": [
            "website",
            "bulletin",
            "kiosk",
            "sticker",
            "poster",
            "social",
            "badge",
            "crier",
        ],
        "items": [
            "outilotheque",
            "claire-perceuse",
            "preter-sa-voiture",
            "repair-cafe",
            "amina-jardin",
            "jeanne-boite-a-livres",
        ],
        "events": [
            {
                "name": ("Fête des voisins", "Neighbours’ day"),
                "place": ("Place du Marché", "Place du Marché"),
                "try": (
                    "Emprunter un outil sur place, sans adhésion",
                    "Borrow a tool on the spot, no membership needed",
                ),
                "day_offset": 3,  # to come: the criers announce it
                "hour": 17,
                "service": "outilotheque",
            },
            {
                "name": ("Forum des associations", "Associations’ forum"),
                "place": ("Gymnase des Aulnes", "Aulnes sports hall"),
                "try": (
                    "Réparer un petit appareil avec le repair café",
                    "Repair a small appliance with the repair café",
                ),
                "day_offset": -44,
                "hour": 10,
                "service": "repair-cafe",
            },
            {
                "name": ("Kermesse de l’école", "School fair"),
                "place": ("École des Tilleuls", "Tilleuls school"),
                "try": (
                    "Semer des graines avec le jardin partagé",
                    "Sow seeds with the shared garden",
                ),
                "day_offset": -16,
                "hour": 14,
                "service": "jardin-partage",
            },
        ],
    },
    {
        "slug": "covoiturez-vers-la-gare",
        "title": ("Covoiturez vers la gare", "Carpool to the station"),
        "slogan": ("Un trajet partagé, une voiture de moins", "One shared ride, one car fewer"),
        "hashtags": (
            "#Covoiturage #ValDesAulnes #GareDesAulnes",
            "#Carpooling #ValDesAulnes #AulnesStation",
        ),
        "announcement": (
            "Oyez, oyez ! Chaque matin, des centaines de voitures partent vers la gare avec une seule personne à bord. Ce printemps, la commune vous offre un trajet d’essai : conducteurs et passagers, inscrivez-vous et partagez la route. Venez au petit-déjeuner des covoitureurs, sur le parvis de la gare. Un trajet partagé, une voiture de moins !",
            "Hear ye, hear ye! Every morning, hundreds of cars leave for the station with one person on board. This spring, the town offers you a trial ride: drivers and passengers, sign up and share the road. Come to the carpoolers’ breakfast on the station forecourt. One shared ride, one car fewer!",
        ),
        "description": (
            "Au printemps, la commune met le covoiturage à l’honneur : trajets d’essai, rencontres entre conducteurs et passagers.",
            "In spring the town puts carpooling in the spotlight: trial rides, meetings between drivers and passengers.",
        ),
        "start_offset": 40,
        "end_offset": 90,
        "channels": ["website", "kiosk", "social", "sticker", "badge", "poster", "crier"],
        "items": [
            "covoiturage-gare",
            "mehdi-covoiturage",
            "covoiturage-frais",
            "preter-sa-voiture",
        ],
        "events": [
            {
                "name": ("Petit-déjeuner des covoitureurs", "Carpoolers’ breakfast"),
                "place": ("Parvis de la gare", "Station forecourt"),
                "try": (
                    "Un trajet d’essai gratuit vers la gare",
                    "A free trial ride to the station",
                ),
                "day_offset": 45,
                "hour": 7,
                "service": "covoiturage-gare",
            },
            {
                "name": ("Journée sans voiture", "Car-free day"),
                "place": ("Grande Rue", "Grande Rue"),
                "try": (
                    "S’inscrire comme conducteur ou passager",
                    "Sign up as a driver or a passenger",
                ),
                "day_offset": 60,
                "hour": 10,
                "service": "covoiturage-gare",
            },
        ],
    },
    {
        # Finished four months ago: the campaign to compare with (its scans: demo/scans.py).
        "slug": "printemps-du-reemploi",
        "title": ("Printemps du réemploi", "Reuse spring"),
        "slogan": (
            "Ce qui est réparé n’est plus à racheter",
            "What is mended need not be bought again",
        ),
        "hashtags": ("#PrintempsDuRéemploi #ValDesAulnes", "#ReuseSpring #ValDesAulnes"),
        "announcement": (
            "Oyez, oyez, habitants de Val-des-Aulnes ! Voici le Printemps du réemploi. Six semaines pour réparer au repair café, donner au frigo solidaire et faire circuler les livres. Apportez votre grille-pain en panne, vos plats en trop, vos romans déjà lus. Ce qui est réparé n’est plus à racheter !",
            "Hear ye, hear ye, people of Val-des-Aulnes! Here comes Reuse spring. Six weeks to mend things at the repair café, give to the community fridge and pass books around. Bring your broken toaster, your spare dishes, the novels you have read. What is mended need not be bought again!",
        ),
        "description": (
            "Six semaines pour réparer, donner et faire circuler ce qui dort dans nos placards.",
            "Six weeks to mend, give and pass on what sleeps in our cupboards.",
        ),
        "start_offset": -125,
        "end_offset": -84,
        "channels": ["website", "bulletin", "kiosk", "sticker", "poster", "social", "crier"],
        "items": [
            "repair-cafe",
            "frigo-solidaire",
            "boites-a-livres",
            "paul-repair-cafe",
            "louis-frigo",
            "frigo-plats-maison",
        ],
        "events": [
            {
                "name": ("Grande réparation de printemps", "Big spring repair day"),
                "place": ("Salle des fêtes", "Village hall"),
                "try": (
                    "Faire réparer un appareil en panne",
                    "Get a broken appliance mended",
                ),
                "day_offset": -117,
                "hour": 14,
                "service": "repair-cafe",
            },
            {
                "name": ("Troc de livres", "Book swap"),
                "place": ("Médiathèque des Aulnes", "Aulnes library"),
                "try": (
                    "Déposer un livre dans une boîte et en emprunter un autre",
                    "Leave a book in a box and borrow another",
                ),
                "day_offset": -96,
                "hour": 10,
                "service": "boites-a-livres",
            },
        ],
    },
]

ABOUT = {
    "slug": "a-propos",
    "title": ("À propos", "About"),
    "intro": (
        "Ce site présente les services de partage de Val-des-Aulnes, commune imaginaire de démonstration.",
        "This site presents the sharing services of Val-des-Aulnes, an invented town used for the demo.",
    ),
}
