"""An accepted project, once its call has closed, becomes a draft page with a card.

Only what the public may read is copied from the application: the title, the
description, where, when, and the group's public name. Never the contact
details. The page is a draft: an editor reviews and publishes it, and from
then on it reaches every channel like any content page.
"""

from django.db import transaction
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from wagtail.models import Page

from .models import Application, ProjectPage

__all__ = ["ProjectRefused", "make_project_page", "project_refusal"]


class ProjectRefused(Exception):
    """Why an application cannot become a project page (in words, for staff)."""


def project_refusal(application, on=None):
    """Why ``application`` cannot become a page now, in words, or ``""`` when it can."""
    if application.status != Application.Status.ACCEPTED:
        return _("Only an accepted project can be published.")
    if not application.call.has_closed(on):
        return _("Projects can be published once the call has closed (on %(date)s).") % {
            "date": application.call.closes_on.isoformat()
        }
    return ""


def _free_slug(parent, title):
    base = slugify(title)[:60].strip("-") or "projet"
    taken = set(
        Page.objects.child_of(parent).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def make_project_page(application, user=None, on=None):
    """The draft ``ProjectPage`` of ``application`` under its call; made once, then returned."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.project_page_id:
            return application.project_page
        refusal = project_refusal(application, on)
        if refusal:
            raise ProjectRefused(refusal)
        call = application.call
        page = ProjectPage(
            title=application.title,
            slug=_free_slug(call, application.title),
            teaser=Truncator(" ".join(application.description.split())).chars(160),
            group_name=application.group_name,
            description=application.description,
            where=application.where,
            when=application.when,
            live=False,
            owner=user,
            locale_id=call.locale_id,
        )
        call.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        application.project_page = page
        application.save(update_fields=["project_page"])
        return page
