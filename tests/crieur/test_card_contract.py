"""The card is the contract: channels read cards, and the gate alone decides what they show.

``tests/newcontent`` defines a content type that exists only in the test suite
(a tool lending box) and gives it a card. Without any channel code knowing it,
it is on the campaign's web page, in a kiosk playlist, in a bulletin and on a
sticker. With the gate closed (the whole site behind a login), every channel
shows nothing of it.
"""

import datetime
import io
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from pypdf import PdfReader

from bulletins.content import build_bulletin, select_articles
from bulletins.models import BulletinIndexPage, BulletinPage
from bulletins.render import bulletin_html
from campaigns.models import CampaignItem
from crieur.channels import Channel
from kiosk.models import Kiosk
from kiosk.playlist import build_playlist
from links.models import ShortLink
from stickers.label_formats import get_format
from stickers.models import StickerDesign
from stickers.sheet import DesignCount, label_layout, render_sticker_sheet, target_cards
from tests.factories import CampaignPageFactory
from tests.newcontent.models import ToolBoxPage

pytestmark = pytest.mark.django_db

TITLE = "Boîte à outils du square"
TEASER = "Un sécateur, une pelle : servez-vous, rapportez."
TRIAL = "Une semaine sans adhésion"
ADDRESS = "Square des Tilleuls"
HOW_TO = "Ouvrez la boîte avec le code affiché."


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    from links.resolver import clear_local_cache

    cache.clear()
    clear_local_cache()
    yield
    cache.clear()
    clear_local_cache()


@pytest.fixture
def toolbox(site_tree):
    page = ToolBoxPage(
        title=TITLE,
        slug="boite-a-outils",
        teaser=TEASER,
        address=ADDRESS,
        opening_hours="Tous les jours",
        trial_offer=TRIAL,
        trial_until=timezone.localdate() + datetime.timedelta(days=60),
        how_to_borrow=f"<p>{HOW_TO}</p>",
    )
    site_tree.home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def campaign(site_tree, toolbox):
    campaign = CampaignPageFactory(
        parent=site_tree.campaigns,
        slug="semaine-des-boites",
        channels=["website", "kiosk", "sticker", "bulletin"],
    )
    CampaignItem.objects.create(campaign=campaign, page=toolbox, sort_order=0)
    return publish(campaign)


@pytest.fixture
def kiosk(campaign):
    return Kiosk.objects.create(name="Hall de la mairie", place="Mairie")


@pytest.fixture
def edition(site_tree, toolbox):
    index = BulletinIndexPage(title="Le bulletin", slug="bulletin")
    site_tree.home.add_child(instance=index)
    publish(index)
    today = timezone.localdate()
    edition = BulletinPage(
        title="Bulletin 3",
        slug="bulletin-3",
        edition_number=3,
        issue_date=today + datetime.timedelta(days=7),
        agenda_until=today + datetime.timedelta(days=60),
        cover_headline="Des outils au coin de la rue",
        # The block's page chooser lists the production types; the value is set directly.
        articles=[("page_article", {"page": toolbox, "print_title": "", "print_teaser": ""})],
    )
    index.add_child(instance=edition)
    return publish(edition)


@pytest.fixture
def design(locales, toolbox):
    """A service sticker that leaves its text and pictogram to the page it leads to."""
    return StickerDesign.objects.create(
        locale=locales["fr"],
        slug="boite",
        kind=StickerDesign.Kind.SERVICE,
        text="",
        target_page=toolbox,
    )


def sticker_text(design):
    sheet = render_sticker_sheet([DesignCount(design, 1)], geometry=get_format("avery-l7160"))
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(sheet.pdf)).pages)
    return sheet, re.sub(r"\s+", " ", text.replace("\u2019", "'"))


def content_slides(playlist, page):
    return [slide for slide in playlist["slides"] if slide["id"].split("-")[1] == str(page.pk)]


# -- a new content type, found on every channel --------------------------------


def test_new_content_type_is_on_the_campaigns_web_page(client, campaign, toolbox):
    assert campaign.selected_pages(Channel.WEBSITE) == [toolbox]

    response = client.get(campaign.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE in html and TEASER in html
    assert f'href="{toolbox.url}"' in html


def test_new_content_type_is_in_the_kiosk_playlist(kiosk, toolbox):
    slides = content_slides(build_playlist(kiosk), toolbox)

    assert len(slides) == len(kiosk.languages())
    slide = slides[0]
    assert slide["title"] == TITLE
    assert slide["text"] == TEASER
    assert slide["trial"] == TRIAL  # the card's trial offer, running today
    assert slide["pictogram"].startswith("data:image/svg+xml;base64,")  # the card's pictogram
    link = ShortLink.objects.get(code=slide["short_url"].rsplit("/", 1)[-1])
    assert link.page_id == toolbox.pk and link.channel == "kiosk"


def test_new_content_type_prints_in_a_bulletin(edition, toolbox):
    selection = select_articles(edition)
    assert [selected.page for selected in selection.articles] == [toolbox]

    article = build_bulletin(edition, selection=selection).articles[0]
    assert article.title == TITLE and article.teaser == TEASER
    assert [(str(label), value) for label, value in article.facts] == [
        ("Where", ADDRESS),
        ("Open", "Tous les jours"),
    ]
    assert article.highlight == TRIAL
    assert article.link.page_id == toolbox.pk

    html = bulletin_html(edition)
    for text in (TITLE, TEASER, ADDRESS, TRIAL, "How to borrow", HOW_TO):
        assert text in html, text


def test_new_content_type_is_on_a_sticker(client, design, toolbox):
    sheet, text = sticker_text(design)

    assert TITLE in text  # the design has no text of its own: the card's title
    layout = label_layout(design, get_format("avery-l7160"), target_cards([design])[design.pk])
    assert layout["text"] == TITLE
    assert "<svg" in str(layout["pictogram"])  # nor a pictogram: the card's ("wrench")
    link = sheet.stickers[0].link
    assert link.page_id == toolbox.pk and link.channel == "sticker"
    assert client.get(f"/q/{link.code}")["Location"].endswith(toolbox.url)


# -- one gate: closed, every channel shows nothing ------------------------------


@pytest.fixture
def closed_gate(site_tree, campaign, kiosk, edition, design):
    """The whole site behind a login: the gate lets no page through, on any channel."""
    PageViewRestriction.objects.create(
        page=site_tree.home, restriction_type=PageViewRestriction.LOGIN
    )


def test_closed_gate_every_channel_shows_nothing(
    client, closed_gate, campaign, kiosk, edition, design, toolbox
):
    # Website: the campaign selects nothing, and its page asks for a login.
    assert campaign.selected_pages(Channel.WEBSITE) == []
    response = client.get(campaign.url)
    assert response.status_code == 302 and TITLE not in response.content.decode()

    # Kiosk: not a single slide (nor the campaign, nor its content).
    assert build_playlist(kiosk)["slides"] == []

    # Bulletin: no page article; the print view says the page is private.
    selection = select_articles(edition)
    assert selection.articles == []
    assert [(item.title, item.code) for item in selection.left_out] == [(TITLE, "private")]
    assert build_bulletin(edition, selection=selection).articles == []

    # Sticker: nothing of the page is printed, and its code leads to the site's root.
    assert target_cards([design]) == {}
    sheet, text = sticker_text(design)
    assert TITLE not in text
    link = sheet.stickers[0].link
    assert client.get(f"/q/{link.code}")["Location"] == "/"


# -- no channel names a content page class ---------------------------------------


CHANNEL_PACKAGES = ["kiosk", "bulletins", "stickers", "pdf", "links"]


def test_no_channel_module_names_a_content_page_class():
    root = Path(settings.BASE_DIR)
    named = re.compile(r"\b(ServicePage|RegulationPage|TestimonialPage)\b")
    offenders = []
    for package in CHANNEL_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if named.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
