"""Render HTML to PDF with WeasyPrint, fetching only the project's own files."""

from weasyprint import HTML

from print.fetcher import INTERNAL_BASE_URL, ProjectURLFetcher


def html_document(html, *, base_url=None, url_fetcher=None):
    """A WeasyPrint ``HTML`` object behind the project's network-free fetcher."""
    return HTML(
        string=html,
        base_url=base_url or INTERNAL_BASE_URL,
        url_fetcher=url_fetcher or ProjectURLFetcher(),
    )


def render_document(html, *, base_url=None, url_fetcher=None, **options):
    """Lay ``html`` out; returns a WeasyPrint ``Document`` (pages can be reused)."""
    return html_document(html, base_url=base_url, url_fetcher=url_fetcher).render(**options)


def render_pdf(html: str, *, base_url=None, url_fetcher=None, finisher=None, **options) -> bytes:
    """The PDF bytes of ``html``.

    Relative URLs resolve against ``base_url`` (by default an internal host
    mapped to ``STATIC_URL`` and ``MEDIA_URL`` on disk); ``options`` go to
    WeasyPrint's ``write_pdf`` (``pdf_variant``, ``uncompressed_pdf``...).
    """
    document = html_document(html, base_url=base_url, url_fetcher=url_fetcher)
    return document.write_pdf(finisher=finisher, **options)
