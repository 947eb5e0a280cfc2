"""Bench: 1,000 stickers with a unique QR code each on Avery L7160, against gLabels.

Prints wall time and peak memory of ``render_sticker_sheet`` (short links
included), checks that every code of the PDF decodes (zxing-cpp), then, when
Debian's ``glabels-3-batch`` is installed, prints the same 1,000 QR labels
merged from a CSV file with gLabels and prints the ratio.

    .venv/bin/python bench/sticker_sheet.py [COUNT]
"""

import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
WORK = Path(tempfile.mkdtemp(prefix="crieur-bench-stickers-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crieur.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
FORMAT = "avery-l7160"


def setup_content():
    from wagtail.models import Locale, Page, Site

    from crieur.models import HomePage
    from services.models import ServiceIndexPage, ServicePage
    from stickers.models import StickerDesign

    call_command("migrate", verbosity=0)
    french, _ = Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="bench-home", locale=french))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Bench"},
    )
    services = home.add_child(instance=ServiceIndexPage(title="Services", slug="services"))
    service = services.add_child(
        instance=ServicePage(
            title="Outilthèque", slug="outilotheque", teaser="Empruntez", pictogram_name="hammer"
        )
    )
    return StickerDesign.objects.create(
        locale=french,
        slug="outils",
        kind=StickerDesign.Kind.SERVICE,
        text="Outilthèque",
        pictogram_name="hammer",
        text_colour="#ffffff",
        background_colour="#1d4e89",
        target_page=service,
    )


def render(design):
    from stickers.label_formats import get_format
    from stickers.sheet import DesignCount, render_sticker_sheet

    return render_sticker_sheet(
        [DesignCount(design, COUNT)], geometry=get_format(FORMAT), unique_codes=True
    )


def decode_all(pdf_bytes, dpi=200):
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(io.BytesIO(pdf_bytes))
    texts = []
    for page in document:
        image = page.render(scale=dpi / 72).to_pil()
        texts += [r.text for r in zxingcpp.read_barcodes(image)]
    document.close()
    return texts


GLABELS_DOCUMENT = """<?xml version="1.0"?>
<Glabels-document xmlns="http://glabels.org/xmlns/3.0/">
  <Template brand="Avery" part="L7160" size="A4" description="Crieur bench">
    <Meta category="label"/>
    <Label-rectangle id="0" width="63.5mm" height="38.1mm" round="2mm" x_waste="0mm" y_waste="0mm">
      <Markup-margin size="1.5mm"/>
      <Layout nx="3" ny="7" x0="7.25mm" y0="15.15mm" dx="66.04mm" dy="38.1mm"/>
    </Label-rectangle>
  </Template>
  <Objects id="0" rotate="False">
    <Object-box x="0mm" y="0mm" w="63.5mm" h="38.1mm" line_width="0" line_color="0x00000000"
      fill_color="0x1d4e89ff" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"/>
    <Object-box x="2.3mm" y="2.3mm" w="33.5mm" h="33.5mm" line_width="0" line_color="0x00000000"
      fill_color="0xffffffff" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"/>
    <Object-barcode x="5mm" y="5mm" w="28mm" h="28mm" backend="libqrencode" style="IEC18004"
      text="False" checksum="True" color="0x000000ff" field="url"
      a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"/>
    <Object-text x="38mm" y="14mm" w="24mm" h="10mm" justify="Left" valign="Top"
      auto_shrink="False" a0="1" a1="0" a2="0" a3="1" a4="0" a5="0"><Span
      font_family="DejaVu Sans" font_size="10" font_weight="Bold" font_italic="False"
      color="0xffffffff" line_spacing="1">Outilthèque</Span></Object-text>
  </Objects>
  <Merge type="Text/Comma/Line1Keys" src="{csv}"/>
</Glabels-document>
"""


def run_glabels(urls):
    binary = shutil.which("glabels-3-batch")
    if binary is None:
        print("gLabels: glabels-3-batch not found (apt-get install -y glabels); skipped.")
        return None
    csv = WORK / "codes.csv"
    csv.write_text("url\n" + "\n".join(urls) + "\n")
    document = WORK / "bench.glabels"
    document.write_text(GLABELS_DOCUMENT.format(csv=csv))
    output = WORK / "glabels.pdf"
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [binary, "-o", str(output), str(document)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or not output.exists():
        print(f"gLabels: failed ({result.returncode}): {result.stderr.strip()[:300]}; skipped.")
        return None
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    decoded = decode_all(output.read_bytes())
    print(
        f"gLabels 3 batch: {elapsed:.2f} s wall, peak RSS {children:.0f} MiB, "
        f"{len(set(decoded))}/{len(urls)} codes decoded, {output.stat().st_size / 1024:.0f} KiB"
    )
    return elapsed


def main():
    design = setup_content()
    render(design)  # warm-up: fonts, templates, imports (not counted)

    started = time.perf_counter()
    sheet = render(design)
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    tracemalloc.start()
    render(design)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    urls = [sticker.link.qr_url for sticker in sheet.stickers]
    decoded = decode_all(sheet.pdf)
    ok = sorted(decoded) == sorted(urls) and len(set(urls)) == COUNT
    print(
        f"Crieur: {COUNT} stickers, unique codes, {FORMAT}: {elapsed:.2f} s wall "
        f"({sheet.pages} pages, {sheet.layouts} laid out by WeasyPrint), "
        f"peak Python heap {peak / 2**20:.1f} MiB (tracemalloc), process peak RSS {rss:.0f} MiB, "
        f"{len(sheet.pdf) / 1024:.0f} KiB"
    )
    print(f"Crieur: {len(set(decoded))}/{COUNT} codes decoded, all vector: {'yes' if ok else 'NO'}")
    glabels = run_glabels(urls)
    if glabels:
        print(f"Ratio Crieur / gLabels: {elapsed / glabels:.2f} (below 1 is faster than gLabels)")
    shutil.rmtree(WORK, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
