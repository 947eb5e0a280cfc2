"""The campaign kit, built once with every channel, read back as a resident and an editor would."""

import io
import json
import re
from urllib.parse import urlsplit

from django.utils import translation

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from crieur.channels import Channel
from links.models import ShortLink
from tests.pdf.pdf_helpers import decode_pages

from .conftest import CONSENTING_QUOTE, WEB_ONLY_QUOTE, normalise

pytestmark = pytest.mark.django_db

TEXT_EXTENSIONS = (".md", ".txt", ".json", ".csv", ".html")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")


def _pdfs(archive):
    return [name for name in archive.namelist() if name.endswith(".pdf")]


def _pdf_text(content):
    return normalise(
        " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    )


def test_the_zip_holds_each_channels_files_and_a_readme(kit_world):
    _world, kit, archive, progress = kit_world
    names = archive.namelist()
    assert names[0] == "README.md"
    assert not kit.not_made, kit.not_made
    folders = {name.split("/", 1)[0] for name in names[1:]}
    assert {"posters", "social", "criers", "kiosk", "bulletin"} <= folders
    assert folders & {"stickers", "badges"}
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9_-]+(/[a-z0-9_-]+)+\.[a-z0-9]+", name) for name in names[1:])
    # Progress between channels, in order, then the ZIP.
    percents = [percent for percent, _message in progress]
    assert percents == sorted(percents) and len(progress) == 7
    assert archive.testzip() is None


def test_the_readme_lists_every_file_and_the_left_out_testimonial(kit_world):
    world, kit, archive, _progress = kit_world
    readme = archive.read("README.md").decode()
    assert readme.startswith("# Kit de campagne") or readme.startswith("# Campaign kit")
    for name in archive.namelist()[1:]:
        assert f"`{name}`" in readme
    left_out = readme.rsplit("\n## ", 1)[-1]  # the last section
    sections = dict(re.findall(r"### (.+)\n\n((?:- .+\n)+)", left_out))
    # The author consented to the website only: every channel of the kit says so, in French.
    with translation.override("fr"):
        labels = {channel: str(channel.label) for channel in Channel}
    print_and_screens = (Channel.POSTER, Channel.STICKER, Channel.BADGE, Channel.CRIER)
    for channel in (*print_and_screens, Channel.SOCIAL, Channel.KIOSK, Channel.BULLETIN):
        assert world.web_only.title in sections.get(labels[channel], ""), (channel, sections)
    for note in kit.left_out:
        if note.title == world.web_only.title:
            assert "consent" in note.reason or "impression" in note.reason
    assert world.consenting.title not in [note.title for note in kit.left_out]


def test_no_file_carries_the_quote_of_the_testimonial_without_consent(kit_world):
    _world, _kit, archive, _progress = kit_world
    found_consenting = False
    for name in archive.namelist():
        content = archive.read(name)
        if name.endswith(".pdf"):
            text = _pdf_text(content)
        elif name.endswith(TEXT_EXTENSIONS):
            text = normalise(content.decode())
        else:
            continue
        assert normalise(WEB_ONLY_QUOTE) not in text, name
        found_consenting = found_consenting or normalise(CONSENTING_QUOTE) in text
    assert found_consenting  # the consenting neighbour's words are printed


def _decode_image(content):
    image = Image.open(io.BytesIO(content))
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_every_qr_code_leads_to_a_live_page_through_its_channels_link(kit_world, client):
    _world, _kit, archive, _progress = kit_world
    decoded = {}
    for name in archive.namelist():
        if name.endswith(".pdf"):
            codes = [text for page in decode_pages(archive.read(name), dpi=200) for text in page]
            assert codes, f"no QR code decoded in {name}"
        elif name.endswith(IMAGE_EXTENSIONS):
            codes = _decode_image(archive.read(name))
        else:
            continue
        for text in codes:
            decoded.setdefault(text, name)
    channels = set()
    for text, name in decoded.items():
        path = urlsplit(text).path  # /Q/CODE: the QR alphanumeric set, as a phone opens it
        assert path.upper().startswith("/Q/"), (name, text)
        link = ShortLink.objects.get(code=path[3:])
        channels.add(link.channel)
        response = client.get(path)
        assert response.status_code == 302, (name, text)
        page = client.get(response["Location"])
        assert page.status_code == 200, (name, text, response["Location"])
    assert {"poster", "sticker", "badge", "crier", "kiosk", "bulletin"} <= channels


def test_social_post_texts_carry_the_social_channels_short_links(kit_world, client):
    _world, _kit, archive, _progress = kit_world
    codes = set()
    for name in archive.namelist():
        if name.startswith("social/") and name.endswith(TEXT_EXTENSIONS):
            codes.update(re.findall(r"/q/([A-Za-z0-9]+)", archive.read(name).decode()))
    assert codes
    for code in codes:
        assert ShortLink.objects.get(code=code).channel == Channel.SOCIAL
        assert client.get(f"/q/{code}").status_code == 302


def test_the_kiosk_preview_is_one_1080p_page_per_slide_and_its_playlist(kit_world):
    world, _kit, archive, _progress = kit_world
    playlist = json.loads(archive.read("kiosk/playlist-semaine-du-partage-fr.json"))
    slides = playlist["slides"]
    kinds = [slide["kind"] for slide in slides]
    assert kinds[0] == "campaign" and {"service", "testimonial", "regulation", "event"} <= set(
        kinds
    )
    assert WEB_ONLY_QUOTE not in json.dumps(playlist, ensure_ascii=False)
    reader = PdfReader(io.BytesIO(archive.read("kiosk/kiosk-semaine-du-partage-fr.pdf")))
    assert len(reader.pages) == len(slides)
    for page in reader.pages:  # 1920 × 1080 CSS pixels
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (1440, 810)
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_the_bulletin_pages_print_the_campaigns_content(kit_world):
    world, _kit, archive, _progress = kit_world
    reader = PdfReader(io.BytesIO(archive.read("bulletin/bulletin-semaine-du-partage-fr.pdf")))
    text = normalise(" ".join(page.extract_text() for page in reader.pages))
    for page in (world.campaign, world.service, world.consenting):
        assert normalise(page.title) in text
    assert "Fête des voisins" in text  # the agenda
    assert reader.trailer["/Root"]["/Lang"] == "fr"
