"""The gate: what a channel may show on a given day.

Every listing, card and channel selection goes through here, and nothing else
filters visibility or consent. A page passes the gate for a channel on a day
when it is:

- live (published, not expired),
- public (no password, login or group restriction on it or an ancestor: Wagtail's
  ``public()``, with the restrictions read once per generation, ``crieur.sitewide``),
- allowed by its own content type for that channel over those days: a page
  class states its rule once, as a ``Q`` returned by its ``gate_q`` class
  method (a testimonial needs its author's consent for the channel, valid
  on every day asked for).

The gate names no content type: content apps depend on the core, not the
other way round. ``through`` asks for every day from ``on`` to ``through``:
a rule made of date bounds (consent given on or before the first day, valid
until the last) then holds on each day between them.
"""

import datetime
import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, get_page_models

from .channels import CONSENT_NEEDED, Channel, ConsentChannel
from .sitewide import snapshot

__all__ = [
    "REFUSALS",
    "consent_channel_for",
    "gate",
    "gate_condition",
    "gate_pages",
    "passes",
    "refusal",
    "refusal_text",
]


@functools.cache
def consent_channel_for(channel):
    """The consent channel a publication channel (or a consent channel) needs."""
    value = getattr(channel, "value", channel)
    if value in ConsentChannel.values:
        return ConsentChannel(value)
    return CONSENT_NEEDED[Channel(value)]


def _days(on, through):
    first = on or timezone.localdate()
    last = through or first
    if isinstance(first, datetime.datetime) or isinstance(last, datetime.datetime):
        raise TypeError("The gate takes dates, not datetimes.")
    if last < first:
        first, last = last, first
    return first, last


@functools.cache
def _restricted_models(model):
    """Page models below ``model`` (or ``model`` itself) that state a gate rule.

    Page models are all known once the apps are loaded: worked out once per model.
    """
    return [
        page_model
        for page_model in get_page_models()
        if issubclass(page_model, model) and hasattr(page_model, "gate_q")
    ]


def gate(queryset, channel, on=None, through=None, *, types=None):
    """``queryset`` (of any page model) narrowed to what ``channel`` may show.

    ``on`` is the day (today by default); with ``through``, every day from
    ``on`` to ``through``. One query, whatever the page types. ``types``, for a
    queryset of a model many page types share (``Page``): only pages of those
    models (or their subclasses) pass, and only their rules are asked (each
    rule of another type is a subquery: on the home page's query for its
    sections, two of them took more than half its time).
    """
    return queryset.filter(gate_condition(queryset.model, channel, on, through, types=types))


def gate_condition(model, channel, on=None, through=None, *, types=None, via=None):
    """The gate as one condition (a ``Q``) on the rows of ``model``, a page model.

    What :func:`gate` filters with. As an annotation it tells, row by row,
    whether the gate lets a page through, with no subquery (for pages found
    for another reason: ``crieur.models.localize_pages``). With ``via``, the
    name of a foreign key to ``model``, the condition is on the rows pointing
    at a page it lets through (the events of the campaigns a channel shows).
    """
    consent = consent_channel_for(channel)
    first, last = _days(on, through)
    condition = Q(live=True)  # Wagtail's ``live()``
    private = snapshot().private_q()
    if private:
        condition &= ~private
    restricted = _restricted_models(model)
    if types is not None:
        wanted = _subclasses(tuple(types))
        condition &= Q(content_type__in=ContentType.objects.get_for_models(*wanted).values())
        restricted = [page_model for page_model in restricted if page_model in wanted]
    for page_model in restricted:
        rule = page_model.gate_q(consent, first, last)
        if rule is None:
            continue
        if page_model is model:
            condition &= rule
        else:
            condition &= ~Q(pk__in=page_model.objects.exclude(rule).values("pk"))
    return _via(condition, via) if via else condition


def _via(condition, field):
    """``condition`` with each of its lookups made through the foreign key ``field``."""
    children = []
    for child in condition.children:
        if isinstance(child, Q):
            children.append(_via(child, field))
        elif isinstance(child, tuple):
            lookup, value = child
            children.append((f"{field}__{lookup}", value))
        else:  # an expression: it would still name the rows' own fields
            raise TypeError(f"The gate cannot go through {field!r}: {child!r}")
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


@functools.cache
def _subclasses(types):
    """The page models that are one of ``types`` or inherit from one."""
    return [page_model for page_model in get_page_models() if issubclass(page_model, types)]


def gate_pages(pages, channel, on=None, through=None):
    """The pages of the list ``pages`` that pass the gate, in their order (two queries)."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    allowed = set(
        gate(
            Page.objects.filter(pk__in=[page.pk for page in pages]), channel, on, through
        ).values_list("pk", flat=True)
    )
    return [page for page in pages if page.pk in allowed]


def passes(page, channel, on=None, through=None):
    """Whether one page passes the gate."""
    return bool(gate_pages([page], channel, on, through))


#: Why the gate refused a page, in words for editors (codes from :func:`refusal`).
#: ``%(consent)s`` is the consent channel's name, ``%(date)s`` the day in question.
REFUSALS = {
    "unpublished": _("the page is not published"),
    "private": _("the page is private"),
    "no_consent": _("the author did not consent to this channel (%(consent)s)"),
    "no_consent_date": _("the consent has no date"),
    "consent_later": _("the consent (%(consent)s) only starts on %(date)s"),
    "consent_expired": _("the consent (%(consent)s) expired on %(date)s"),
    "consent_ends": _("the consent (%(consent)s) ends on %(date)s, before the last day needed"),
    "not_allowed": _("the page may not be shown on this channel"),
    "shown_later": _("the page is only shown from %(date)s"),
    "shown_until_passed": _("the page was shown until %(date)s"),
    "shown_ends": _("the page is shown until %(date)s, before the last day needed"),
}


def refusal(page, channel, on=None, through=None):
    """Why the gate refuses ``page`` for ``channel``: ``(code, day)``, or ``None`` if it passes.

    An explanation for editors and for what a kit lists as left out; the gate
    alone decides (this is asked only of pages it refused). Codes are those of
    :data:`REFUSALS`; a content type with its own rule explains it with
    ``gate_refusal(consent, first, last)``, written beside its ``gate_q``.
    """
    if passes(page, channel, on, through):
        return None
    first, last = _days(on, through)
    if not page.live or page.expired:
        return "unpublished", None
    if page.get_view_restrictions().exists():
        return "private", None
    explain = getattr(page.specific, "gate_refusal", None)
    reason = explain(consent_channel_for(channel), first, last) if explain else None
    return reason or ("not_allowed", None)


def refusal_text(code, channel=None, day=None):
    """:data:`REFUSALS`' words for ``code`` (an unknown code is returned as it is)."""
    message = REFUSALS.get(code)
    if message is None:
        return code
    consent = consent_channel_for(channel).label if channel else ""
    return str(message) % {"consent": consent, "date": date_format(day, "d/m/Y") if day else ""}
