"""python manage.py poster: the file, the options, and clear errors."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from links.models import ShortLink
from tests.pdf.pdf_helpers import decode_pages

from .conftest import pdf_reader, pdf_text, size_mm

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("poster", *args, stdout=out)
    return out.getvalue()


def test_poster_of_a_page_by_slug_in_a3_print_ready(tmp_path, service):
    output = tmp_path / "out" / "poster.pdf"
    message = run(
        "--page", "outilotheque", "--size", "a3", "--print-ready", "--output", str(output)
    )
    assert "A3" in message and "print-ready" in message
    page = pdf_reader(output.read_bytes()).pages[0]
    assert size_mm(page.mediabox) == pytest.approx((303, 426), abs=0.1)
    assert decode_pages(output.read_bytes(), dpi=72) == [
        [ShortLink.objects.get(page=service, channel="poster").qr_url]
    ]


def test_english_translation_by_id(tmp_path, service, english_service):
    output = tmp_path / "poster.pdf"
    run("--page", str(service.pk), "--locale", "en", "--output", str(output))
    assert "Aulnes tool library" in pdf_text(output.read_bytes())


def test_campaign_poster_is_made_for_the_campaign(tmp_path, campaign):
    output = tmp_path / "campaign.pdf"
    run("--page", "semaine-du-partage", "--output", str(output))
    assert "Fête des voisins" in pdf_text(output.read_bytes())
    assert ShortLink.objects.get(page=campaign, channel="poster").campaign_id == campaign.pk


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--page", "nulle-part"], "nulle-part"),
        (["--page", "outilotheque", "--locale", "xx"], "xx"),
        (["--page", "outilotheque", "--size", "letter"], "letter"),
    ],
)
def test_clear_errors(tmp_path, service, args, message):
    output = tmp_path / "poster.pdf"
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(output))
    assert not output.exists()


def test_testimonial_without_print_consent_is_refused_with_the_reason(tmp_path, refusing):
    output = tmp_path / "poster.pdf"
    with pytest.raises(CommandError, match="Mehdi et le covoiturage.*consenti"):
        run("--page", "mehdi", "--output", str(output))
    assert not output.exists()
