"""What every printed or rendered output shares: the site's fonts and colours.

Posters, criers' cards, social images, badges: each channel's template
includes ``pdf/fonts.css`` and reads the colours from :func:`print_style`,
so a town's colours and the bundled Inter font look the same everywhere.
"""

from django.templatetags.static import static

from wagtail.models import Site

from crieur.models import BrandingSettings

__all__ = ["FONTS", "branding_for", "print_style"]

#: The bundled Inter faces (pdf/static/pdf/fonts), as URLs the project's fetcher serves.
FONTS = {
    "regular": "pdf/fonts/Inter-Regular.otf",
    "italic": "pdf/fonts/Inter-Italic.otf",
    "bold": "pdf/fonts/Inter-Bold.otf",
    "bold_italic": "pdf/fonts/Inter-BoldItalic.otf",
}


def branding_for(page=None):
    """The branding settings of ``page``'s site, else of the default site."""
    site = page.get_site() if page is not None and page.pk else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return BrandingSettings.for_site(site) if site else BrandingSettings()


def print_style(page=None):
    """Template context for ``pdf/fonts.css`` and the colours: ``fonts``, ``primary``...

    ``primary`` and ``accent`` are the site's colours (validated hex values,
    safe to write into CSS); ``authority`` is the town's or association's name.
    """
    branding = branding_for(page)
    return {
        "fonts": {face: static(path) for face, path in FONTS.items()},
        "primary": branding.primary_colour,
        "accent": branding.accent_colour,
        "authority": branding.authority_name,
        "branding": branding,
    }
