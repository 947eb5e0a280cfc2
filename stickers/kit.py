"""The stickers' and badges' part of a campaign kit (see ``crieur.outputs``).

For a campaign, the sticker designs that lead to the campaign page or to one
of the pages it selects are printed, in the campaign's language:

* ``stickers/…pdf``: a sheet of them on the default label format, each design
  once and then in turn to the end of the sheet;
* ``stickers/…-windscreen-…pdf``: the carpooling designs on window film,
  mirrored for the inside of a windscreen, when the campaign has any;
* ``badges/…pdf``: a sheet of 38 mm badges of the same designs, their QR
  codes on the badge channel and tied to the campaign.

A design is printed only if its target page passes the gate for that channel
on every day from today through the campaign's last day (material that stays
up in public); the others are listed as :class:`~crieur.outputs.LeftOut`,
with the gate's reason.
"""

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import override

from crieur.channels import Channel
from crieur.gate import gate_pages
from crieur.outputs import LeftOut, Output

from .badges import campaign_days, render_badge_sheet
from .label_formats import DEFAULT_FORMAT, WINDSCREEN_FORMATS, get_format
from .models import PrinterCalibration, StickerDesign
from .sheet import DesignCount, Placement, render_sticker_sheet

__all__ = ["KIT_BADGE_SIZE", "kit_designs", "kit_outputs"]

#: The badge size of the kit's badge sheet (face, mm): the most common press.
KIT_BADGE_SIZE = 38


def kit_designs(campaign):
    """The sticker designs leading to ``campaign`` or its selected pages, in its language.

    Pages are matched across translations; of a design's translations, the
    one in the campaign's language is taken, else its first. Ordered as the
    campaign orders its content (the campaign page first), then by slug.
    """
    pages = [campaign, *(item.page for item in campaign.items.select_related("page"))]
    order = {}
    for page in pages:
        order.setdefault(page.translation_key, len(order))
    candidates = (
        StickerDesign.objects.filter(target_page__translation_key__in=list(order))
        .select_related("locale", "target_page")
        .order_by("pk")
    )
    chosen = {}
    for design in candidates:
        current = chosen.get(design.translation_key)
        if current is None or (
            design.locale_id == campaign.locale_id and current.locale_id != campaign.locale_id
        ):
            chosen[design.translation_key] = design
    return sorted(
        chosen.values(),
        key=lambda design: (order[design.target_page.translation_key], design.slug),
    )


def _sheet_items(designs):
    """Each design once, then in turn to the end of the last sheet."""
    return [DesignCount(design, 1) for design in designs] + [
        DesignCount(design, None) for design in designs
    ]


def _passing(designs, channel, on, through):
    """``(designs that may be printed on channel, LeftOut notes for the others)``."""
    targets = [design.target_page for design in designs]
    allowed = {page.pk for page in gate_pages(targets, channel, on, through)}
    printed, left_out = [], []
    for design in designs:
        if design.target_page_id in allowed:
            printed.append(design)
            continue
        note = LeftOut.refused(design.target_page, channel, on, through)
        if note is not None:
            left_out.append(
                dataclasses.replace(note, title=f"{note.title} ({design.slug})"),
            )
    return printed, left_out


def _offset(campaign):
    site = campaign.get_site()
    return PrinterCalibration.for_site(site).offset if site is not None else (0.0, 0.0)


def kit_outputs(campaign, *, on=None, user=None):
    """``(outputs, left_out)``: sticker and badge sheets of ``campaign``'s designs."""
    on, through = campaign_days(campaign, on)
    language = campaign.locale.language_code
    outputs, left_out = [], []
    with override(language):
        designs = kit_designs(campaign)
        if not designs:
            return outputs, left_out

        stickers, refused = _passing(designs, Channel.STICKER, on, through)
        left_out += refused
        if stickers:
            geometry = get_format(DEFAULT_FORMAT)
            sheet = render_sticker_sheet(
                _sheet_items(stickers),
                geometry=geometry,
                offset=_offset(campaign),
                user=user,
                language=language,
            )
            outputs.append(
                Output(
                    f"stickers/{campaign.slug}-stickers-{geometry.slug}.pdf",
                    sheet.pdf,
                    _("Sticker sheet, %(format)s: %(designs)s")
                    % {
                        "format": geometry.name,
                        "designs": ", ".join(design.slug for design in stickers),
                    },
                )
            )
            carpool = [design for design in stickers if design.kind == design.Kind.CARPOOL]
            if carpool:
                window = get_format(WINDSCREEN_FORMATS[-1])
                sheet = render_sticker_sheet(
                    _sheet_items(carpool),
                    geometry=window,
                    outlines=True,
                    user=user,
                    language=language,
                    placement=Placement.INSIDE,
                )
                outputs.append(
                    Output(
                        f"stickers/{campaign.slug}-windscreen-{window.slug}-mirrored.pdf",
                        sheet.pdf,
                        _(
                            "Windscreen stickers, %(format)s, printed mirrored: print on "
                            "clear window film and stick the printed side against the "
                            "inside of the glass"
                        )
                        % {"format": window.name},
                    )
                )

        badges, refused = _passing(designs, Channel.BADGE, on, through)
        left_out += refused
        if badges:
            sheet = render_badge_sheet(
                _sheet_items(badges),
                size=KIT_BADGE_SIZE,
                campaign=campaign,
                user=user,
                language=language,
                on=on,
                through=through,
            )
            outputs.append(
                Output(
                    f"badges/{campaign.slug}-{sheet.geometry.slug}.pdf",
                    sheet.pdf,
                    _(
                        "Badges, %(face)d mm face, cut along the printed circles at "
                        "%(cut)s mm: %(designs)s"
                    )
                    % {
                        "face": KIT_BADGE_SIZE,
                        "cut": f"{sheet.geometry.size.cut:g}",
                        "designs": ", ".join(design.slug for design in badges),
                    },
                )
            )
    return outputs, left_out
