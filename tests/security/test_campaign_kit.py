"""Hostile text in a campaign kit: the README stays one line per entry, the slides one page each."""

import io
import zipfile

import pypdfium2 as pdfium
import pytest

from crieur.outputs import LeftOut, Output
from kiosk import kit as kiosk_kit
from kits.build import make_campaign_kit
from tests.factories import CampaignPageFactory, ServicePageFactory
from tests.kits.stand_ins import Stand, channel

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
RTL_OVERRIDE = "\u202e"
HOSTILE = (
    f"{SCRIPT} {RTL_OVERRIDE}fdp.exe 🔨🚗📚 👩‍👩‍👧‍👦 مكتبة الأدوات\n## Injected heading\n"
    + "Anticonstitutionnellement " * 45
)[:1200]


@pytest.fixture
def campaign(site_tree):
    page = CampaignPageFactory(parent=site_tree.campaigns, slug="semaine", title="Semaine")
    page.save_revision().publish()
    return page


def test_the_readme_escapes_and_shortens_what_editors_and_channels_wrote(campaign):
    assert len(HOSTILE) == 1200
    campaign.title = HOSTILE  # in memory: longer than a page title may be saved
    stand = Stand(
        [Output("posters/p.pdf", b"%PDF", HOSTILE)],
        [LeftOut(HOSTILE, "poster", HOSTILE), LeftOut("ok", "unknown-channel", "why")],
    )
    failing = Stand(error=ValueError(HOSTILE))
    kit = make_campaign_kit(
        campaign, channels=[channel("posters", stand), channel("social", failing)]
    )
    readme = zipfile.ZipFile(io.BytesIO(kit.archive)).read("README.md").decode()
    assert "<script>" not in readme and RTL_OVERRIDE not in readme
    assert "\\<script\\>" in readme
    assert "\n## Injected" not in readme
    lines = readme.splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) < 400
    entries = [line for line in lines if line.startswith("- ")]
    assert all(len(line) < 1300 for line in entries)
    assert any(line.startswith("- `posters/p.pdf`") for line in entries)
    assert "- ok: why" in lines  # a channel the kit does not know is listed under its value
    assert "### unknown-channel" in lines
    assert any("fdp.exe" in line for line in entries)  # the text is kept, not its reordering


def test_slides_keep_one_page_each_whatever_the_text(campaign, site_tree):
    service = ServicePageFactory(
        parent=site_tree.services,
        slug="outils",
        title=HOSTILE[:255],
        teaser=HOSTILE[:160],
        trial_offer=HOSTILE[:200],
    )
    service.save_revision().publish()
    campaign.items.create(page=service)
    campaign.slogan = HOSTILE[:160]
    campaign.save_revision().publish()
    campaign.refresh_from_db()
    campaign.title = HOSTILE  # in memory, as above
    outputs, left_out = kiosk_kit.kit_outputs(campaign)
    assert left_out == []
    pdf = next(output for output in outputs if output.name.endswith(".pdf"))
    document = pdfium.PdfDocument(pdf.content)
    assert len(document) == 2  # the campaign and the service: nothing spills over
    text = document[1].get_textpage().get_text_range()
    assert 'alert("x")' in text  # printed as text, never run as markup
