"""The PDF residents get: text, QR codes that lead to each article, contents, boxes, tags."""

import re

import pytest
from bs4 import BeautifulSoup

from bulletins.content import COLUMN_WIDTH_MM, build_bulletin
from bulletins.render import bulletin_html, render_bulletin
from bulletins.richtext import px_for_mm
from crieur.demo import translate as localize
from tests.pdf.pdf_helpers import decode_pages

from .conftest import normalise, page_texts, pdf_reader

pytestmark = pytest.mark.django_db

PT_PER_MM = 72 / 25.4


def struct_elements(node, found=None, depth=0):
    """(tag, alt) of every element of a PDF structure tree."""
    found = [] if found is None else found
    if depth > 60:
        return found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            struct_elements(child, found, depth + 1)
        return found
    if not hasattr(node, "get"):
        return found
    if "/S" in node:
        found.append((str(node["/S"]), str(node.get("/Alt", ""))))
    if "/K" in node:
        struct_elements(node["/K"], found, depth + 1)
    return found


def test_home_printer_pdf_prints_every_article_with_a_working_qr_code(
    edition, content_pages, client
):
    rendered = render_bulletin(edition, "home")
    reader = pdf_reader(rendered.pdf)
    texts = page_texts(rendered.pdf)
    whole = " ".join(texts)

    # Cover, editorial and contents, articles, agenda.
    assert len(reader.pages) == rendered.page_count >= 4
    assert "Le partage s'installe dans nos rues" in texts[0]
    for text in (
        "L'outilthèque ouvre le samedi",  # the print title overrides the page's own
        "On adhère, on emprunte, on rapporte.",
        "Adhésion gratuite pour tous.",
        "Le mot des associations",
        "Rejoignez les bénévoles.",
        "Puis-je prêter ma voiture à un voisin ?",
        "si votre contrat d'assurance le permet",
        "Claire et la perceuse",
        "Tout a commencé un samedi.",
        "Semaine du partage",
        "Un mois pour essayer.",
        "Fête des voisins",  # the agenda: an event of the edition's period
    ):
        assert normalise(text) in whole, text
    assert "Outilthèque des Aulnes" not in whole
    assert "Forum des associations" not in whole  # after the agenda's last day
    # No print consent: the testimonial is absent, and the report says why.
    assert "Mehdi" not in whole and "Je covoiture" not in whole
    assert [(item.title, item.code) for item in rendered.left_out] == [
        ("Mehdi et le covoiturage", "no_print_consent")
    ]
    assert rendered.left_out[0].reason == "the author did not consent to print"

    # Page numbers "n / N" on every page but the cover.
    total = len(texts)
    for number, text in enumerate(texts[1:], start=2):
        assert f"{number} / {total}" in text

    # Every article ends with a QR code; each decodes (150 dpi) to a short link
    # printed in text on the same page, which resolves to the article's page.
    articles = rendered.content.articles
    assert len(articles) == 5 and all(article.link for article in articles)
    decoded = decode_pages(rendered.pdf, dpi=150)
    by_url = {}
    for page_index, urls in enumerate(decoded):
        for url in urls:
            by_url[url] = page_index
    assert sorted(by_url) == sorted(article.link.qr_url for article in articles)
    expected_targets = {
        "L'outilthèque ouvre le samedi": content_pages["service"].url,
        "Le mot des associations": edition.url,
        "Puis-je prêter ma voiture à un voisin ?": content_pages["regulation"].url,
        "Claire et la perceuse": content_pages["consenting"].url,
        "Semaine du partage": content_pages["campaign"].url,
    }
    for article in articles:
        page_index = by_url[article.link.qr_url]
        assert article.link.short_url in texts[page_index]
        assert article.link.channel == "bulletin"
        response = client.get(f"/q/{article.link.code}")
        assert response.status_code == 302
        assert response["Location"].endswith(expected_targets[normalise(article.title)])

    # The table of contents gives the page where each article starts.
    contents = texts[1]
    for article in articles:
        title = normalise(article.title)
        match = re.search(re.escape(title) + r"\s*\.*\s*(\d+)", contents)
        assert match, title
        first_page = next(number for number, text in enumerate(texts[2:], start=3) if title in text)
        assert int(match.group(1)) == first_page, title

    # Tagged PDF (PDF/UA), its language and metadata.
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "fr"
    assert "/StructTreeRoot" in root
    elements = struct_elements(root["/StructTreeRoot"])
    tags = [tag for tag, _alt in elements]
    assert "/H1" in tags and tags.count("/H2") >= 5
    figures = [alt for tag, alt in elements if tag == "/Figure"]
    assert figures and all(figures), figures  # alt text on every image
    assert any(alt.startswith("QR code menant à") for alt in figures)  # the edition's language
    assert "Des outils rangés sur une étagère" in figures
    assert reader.metadata.title == "Bulletin n° 12 · mars 2026 · Crieur"
    assert reader.metadata.author == "Crieur"

    # The shipped font is embedded.
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or (font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            )
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts and all(name.startswith("Inter") for name in fonts), fonts


def test_images_are_renditions_at_300_dpi_with_alt_text(edition):
    content = build_bulletin(edition)
    service = content.articles[0]
    assert service.image.width_px == px_for_mm(COLUMN_WIDTH_MM) == 1016
    assert service.image.url.startswith("/media/")
    figure = next(block for block in service.blocks if getattr(block, "block_type", "") == "figure")
    assert figure.context["image"].alt == "L’atelier du samedi matin"
    testimonial = content.articles[3]
    assert (testimonial.portrait.width_px, testimonial.portrait.height_px) == (331, 331)
    html = bulletin_html(edition, "home", content=content)
    images = BeautifulSoup(html, "html.parser").find_all("img")
    assert len(images) >= 7 and all(image.get("alt") for image in images)


def test_print_ready_pdf_has_bleed_and_crop_marks_around_an_a4_trim_box(edition):
    pdf = render_bulletin(edition, "print-ready").pdf
    for page in pdf_reader(pdf).pages:
        media, trim = page.mediabox, page.trimbox
        assert float(media.width) / PT_PER_MM == pytest.approx(216, abs=0.05)
        assert float(media.height) / PT_PER_MM == pytest.approx(303, abs=0.05)
        assert float(trim.width) / PT_PER_MM == pytest.approx(210, abs=0.05)
        assert float(trim.height) / PT_PER_MM == pytest.approx(297, abs=0.05)
        assert float(trim.left - media.left) / PT_PER_MM == pytest.approx(3, abs=0.05)
        assert float(trim.bottom - media.bottom) / PT_PER_MM == pytest.approx(3, abs=0.05)


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    def run(instance, locale, strings):
        with django_capture_on_commit_callbacks(execute=True):
            translated, missing = localize.translate(instance, locale, strings)
        return type(translated).objects.get(pk=translated.pk), missing

    return run


def test_translated_edition_prints_in_its_language_with_the_same_qr_codes(
    site_tree, locales, edition, content_pages, bulletin_index, translate, client
):
    english = locales["en"]
    translate(site_tree.home, english, {"Accueil": "Home"})
    for index in (site_tree.services, site_tree.regulations, site_tree.testimonials):
        translate(index, english, {})
    translate(site_tree.campaigns, english, {})
    translate(bulletin_index, english, {"Le bulletin": "The bulletin"})
    translate(
        content_pages["service"],
        english,
        {"Outilthèque des Aulnes": "Aulnes tool library", "Comment ça marche ?": "How?"},
    )
    translate(
        content_pages["regulation"],
        english,
        {"Puis-je prêter ma voiture à un voisin ?": "May I lend my car to a neighbour?"},
    )
    translate(content_pages["consenting"], english, {"Claire et la perceuse": "Claire's drill"})
    translate(content_pages["campaign"], english, {"Semaine du partage": "Sharing week"})
    edition_en, _missing = translate(
        edition,
        english,
        {
            "Le partage s’installe dans nos rues": "Sharing moves into our streets",
            "L’outilthèque ouvre le samedi": "The tool library opens on Saturdays",
            "Le mot des associations": "A word from the associations",
        },
    )
    assert edition_en.live and edition_en.locale == english

    french = build_bulletin(edition)
    rendered = render_bulletin(edition_en, "home")
    english_articles = rendered.content.articles
    whole = " ".join(page_texts(rendered.pdf))
    for text in (
        "Sharing moves into our streets",
        "The tool library opens on Saturdays",
        "A word from the associations",
        "May I lend my car to a neighbour?",
        "Claire's drill",
        "Sharing week",
        "How?",
    ):
        assert text in whole, text
    assert "Mehdi" not in whole
    assert pdf_reader(rendered.pdf).trailer["/Root"]["/Lang"] == "en"
    # Same codes in both languages; the resolver picks the reader's language.
    assert [a.link.code for a in english_articles] == [a.link.code for a in french.articles]
    for article in english_articles:
        assert article.link.short_url in whole
    service_en = content_pages["service"].get_translation(english)
    response = client.get(f"/q/{english_articles[0].link.code}", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"].endswith(service_en.url)
