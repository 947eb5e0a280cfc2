"""Rich text and images made safe for print: nothing in them can make the renderer fetch a URL.

Editors' rich text is HTML. Before WeasyPrint sees it, :func:`print_rich_text`
keeps a small set of text elements without any attribute (so no ``style`` with
``url()``, no ``srcset``), unwraps links (paper has no links: the article's QR
code leads to the page), and keeps an image only when it is one of the site's
own media files. Anything else that points somewhere (``http://…``,
``file:///etc/passwd``, ``//host/x``) is removed and reported, never fetched.
The project's fetcher (``pdf.fetcher``) refuses such URLs anyway: this is the
first of two locks.
"""

import math
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from bs4 import BeautifulSoup, Comment, Doctype, ProcessingInstruction

from pdf.fetcher import INTERNAL_BASE_URL

#: Images are rendered at this resolution for the size they are printed at.
PRINT_DPI = 300

#: Elements kept as they are (attributes dropped).
TEXT_ELEMENTS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "sub",
    "sup",
    "span",
    "h3",
    "h4",
}
#: Headings moved down: the article title is the h2 of the bulletin.
HEADING_MAP = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}
#: Elements removed with their content.
DROPPED_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "video",
    "audio",
    "source",
    "track",
    "picture",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "canvas",
    "template",
    "noscript",
    "head",
    "title",
}
URL_ATTRIBUTES = ("src", "href", "data", "srcset", "poster", "background", "xlink:href", "style")


def px_for_mm(mm, dpi=PRINT_DPI):
    """Pixels needed to print ``mm`` millimetres at ``dpi``."""
    return math.ceil(mm / 25.4 * dpi)


def _own_hosts():
    hosts = {urlsplit(INTERNAL_BASE_URL).netloc}
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if base:
        hosts.add(urlsplit(base).netloc)
    return hosts


def is_own_media_url(url):
    """Whether ``url`` is a file under ``MEDIA_URL`` on this site (path or own host)."""
    if not isinstance(url, str) or not url or not settings.MEDIA_URL:
        return False
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc not in _own_hosts():
            return False
    elif not url.startswith("/"):
        return False
    path = unquote(parts.path)
    if ".." in path.split("/") or "\\" in path or "\x00" in path:
        return False
    return path.startswith(settings.MEDIA_URL)


@dataclass
class PrintImage:
    url: str
    alt: str
    width_px: int
    height_px: int
    width_mm: float
    height_mm: float


def image_alt(image):
    return (getattr(image, "contextual_alt_text", None) or "").strip() or (
        getattr(image, "default_alt_text", "") or image.title
    )


def print_image(image, width_mm, height_mm=None, *, alt=None, report=None, title=""):
    """A rendition of ``image`` for ``width_mm`` (× ``height_mm``, cropped) at 300 dpi.

    Returns ``None`` (and reports it) when the rendition is not one of the
    site's own media files: an image stored elsewhere is not fetched.
    """
    if image is None:
        return None
    width = px_for_mm(width_mm)
    if height_mm:
        spec = f"fill-{width}x{px_for_mm(height_mm)}|format-jpeg|jpegquality-85"
    else:
        spec = f"width-{width}|format-jpeg|jpegquality-85"
    rendition = image.get_rendition(spec)
    url = rendition.url
    if not is_own_media_url(url):
        if report is not None:
            report(title, url)
        return None
    printed_height = height_mm or width_mm * rendition.height / max(rendition.width, 1)
    return PrintImage(
        url=url,
        alt=alt if alt is not None else image_alt(image),
        width_px=rendition.width,
        height_px=rendition.height,
        width_mm=width_mm,
        height_mm=round(printed_height, 2),
    )


def _points_somewhere(element):
    return any(element.get(name) for name in URL_ATTRIBUTES)


def print_rich_text(html, *, report=None, title=""):
    """Rich text (database or plain HTML) as safe markup for the print template.

    ``report(title, url)`` is called for every URL that was left out.
    """
    if not html:
        return mark_safe("")  # noqa: S308 - empty string
    soup = BeautifulSoup(expand_db_html(str(html)), "html.parser")
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Doctype | ProcessingInstruction):
            node.extract()
    for element in list(soup.find_all(True)):
        if element.decomposed or element.parent is None:
            continue
        name = (element.name or "").lower()
        if name == "img":
            src = (element.get("src") or "").strip()
            if is_own_media_url(src):
                alt = element.get("alt") or ""
                element.attrs = {"src": src, "alt": alt, "class": "inline-image"}
            else:
                if report is not None:
                    report(title, src or element.get("srcset") or "")
                element.decompose()
        elif name in DROPPED_ELEMENTS:
            if report is not None and _points_somewhere(element):
                url = next(element.get(attr) for attr in URL_ATTRIBUTES if element.get(attr))
                report(title, url)
            element.decompose()
        elif name in HEADING_MAP:
            element.name = HEADING_MAP[name]
            element.attrs = {}
        elif name in TEXT_ELEMENTS:
            start = element.get("start") if name == "ol" else None
            element.attrs = {"start": start} if start and start.isdigit() else {}
        else:
            if report is not None and name != "a" and _points_somewhere(element):
                url = next(element.get(attr) for attr in URL_ATTRIBUTES if element.get(attr))
                report(title, url)
            element.unwrap()
    return mark_safe(str(soup))  # noqa: S308 - rebuilt from an allow-list above


def text_paragraphs(text):
    """Plain text with blank lines as paragraphs (escaped)."""
    parts = [part.strip() for part in str(text or "").split("\n\n") if part.strip()]
    return mark_safe(  # noqa: S308 - escaped
        "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in parts)
    )
