"""Find a page from what staff type on a command line: its id or its slug, in a language.

    python manage.py poster --page 42 ...
    python manage.py social_kit --page semaine-du-partage --locale en ...

One function for every command that takes ``--page ID_OR_SLUG [--locale xx]``.
"""

from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

__all__ = ["PageNotFound", "find_page"]


class PageNotFound(LookupError):
    """No page matches; the message says what was asked for, in words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def find_page(value, locale_code=None, model=Page):
    """The specific page ``value`` (an id or a slug) names, in ``locale_code`` when given.

    A slug shared by translations picks the one in ``locale_code``, else the
    default language's. With ``locale_code``, a page found in another language
    is swapped for its translation. ``model`` narrows the search (``CampaignPage``...).
    Raises :class:`PageNotFound`.
    """
    value = str(value or "").strip()
    if not value:
        raise PageNotFound(_("Give a page id or slug."))
    locale = None
    if locale_code:
        locale = Locale.objects.filter(language_code=locale_code).first()
        if locale is None:
            raise PageNotFound(_("Unknown language: %(code)s.") % {"code": locale_code})
    pages = model.objects.select_related("locale")
    if value.isdigit():
        matches = list(pages.filter(pk=int(value)))
    else:
        matches = list(pages.filter(slug=value).order_by("pk"))
    if not matches:
        raise PageNotFound(
            _("No %(kind)s with the id or slug %(value)s.")
            % {"kind": model._meta.verbose_name, "value": value}
        )
    wanted = locale or Locale.get_default()
    page = next((match for match in matches if match.locale_id == wanted.pk), matches[0])
    if locale is not None and page.locale_id != locale.pk:
        translation = page.get_translation_or_none(locale)
        if translation is None:
            raise PageNotFound(
                _("%(title)s has no translation in %(code)s.")
                % {"title": page.title, "code": locale_code}
            )
        page = translation
    return page.specific
