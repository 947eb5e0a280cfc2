from django.core.management import CommandError, call_command

import pytest

from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db


def test_command_writes_a_sheet(tmp_path, designs):
    output = tmp_path / "sheet.pdf"
    call_command(
        "sticker_sheet",
        "--design",
        "outils:2",
        "--design",
        "perceuse",
        "--format",
        "avery-l7163",
        "--unique-codes",
        "--start",
        "10",
        "--outlines",
        "--locale",
        "fr",
        "--output",
        str(output),
    )
    decoded = decode_pages(output.read_bytes(), dpi=200)
    assert len(decoded) == 1 and len(set(decoded[0])) == 2


def test_command_writes_the_calibration_page(tmp_path, site_tree):
    output = tmp_path / "calibration.pdf"
    call_command(
        "sticker_sheet", "--calibration-sheet", "--format", "avery-5160", "--output", str(output)
    )
    assert output.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--design", "outils:0"], "1 or more"),
        (["--design", "outils:-2"], "1 or more"),
        (["--design", "outils:beaucoup"], "whole number"),
        (["--design", "outils:5001"], "au plus 5000"),  # the command speaks French here
        (["--design", "inconnu:2"], "Unknown sticker design 'inconnu'"),
        (["--design", "outils:2", "--format", "avery-9999"], "Unknown label format"),
        (["--design", "outils:2", "--start", "0"], "entre 1 et 21"),
        (["--design", "outils:2", "--start", "22"], "entre 1 et 21"),
        (["--design", "outils:2", "--locale", "en"], "Unknown sticker design"),
        ([], "at least one --design"),
    ],
)
def test_command_errors(tmp_path, designs, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("sticker_sheet", *arguments, "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture(autouse=True)
def french_content_default(settings):
    """Designs are made in the site's default language, French; messages stay in English."""
    settings.LANGUAGE_CODE = "fr"
