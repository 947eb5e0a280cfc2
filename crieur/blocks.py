"""StreamField blocks shared by every content page.

Every block names its icon, template, preview value and description so that
editors see what they pick in the block chooser.

Every body block also says how it prints, in its ``Meta``:

* ``print_template``: the template a printed channel (the bulletin) renders it
  with, given the block's ``get_print_context(value, printer)`` (``{"value":
  value}`` for a block without one); or
* ``not_printed``: why it is not printed (translated), shown to editors in the
  print preview and the print view.

The print context is made with a *printer* the channel passes in: an object
with ``rich_text(html)`` (editors' rich text made safe for print) and
``image(image, width_mm=None)`` (a rendition at print resolution, ``None``
when it cannot be printed; the column's width by default). This package never
imports a channel. :func:`page_blocks_missing_print_protocol` lists the body
blocks that say neither (a test keeps that list empty).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import get_page_models


def print_template(block):
    """The template ``block`` prints with, or ``None``."""
    return getattr(block.meta, "print_template", None)


def not_printed_reason(block):
    """Why ``block`` is not printed, or ``None``."""
    return getattr(block.meta, "not_printed", None)


def print_context(block, value, printer):
    """What ``block``'s print template gets for ``value`` (see the module's docstring)."""
    get_print_context = getattr(block, "get_print_context", None)
    if get_print_context is None:
        return {"value": value}
    return get_print_context(value, printer)


def says_how_it_prints(block):
    """Whether ``block`` has a ``print_template`` or a ``not_printed`` reason (not both)."""
    return (print_template(block) is None) != (not_printed_reason(block) is None)


def stream_body_blocks(stream_block, where=""):
    """``(path, block)`` of each block of ``stream_block``, and of the streams and lists in it."""
    for name, block in stream_block.child_blocks.items():
        path = f"{where}: {name}" if where else name
        yield path, block
        if isinstance(block, blocks.ListBlock):
            block = block.child_block
        if isinstance(block, blocks.BaseStreamBlock):
            yield from stream_body_blocks(block, path)


def page_body_blocks(page_models=None, *, skip=()):
    """:func:`stream_body_blocks` of every StreamField of ``page_models`` (every page model
    by default), but those named in ``skip`` (``"app_label.Model.field"``)."""
    seen = set(skip)
    for model in get_page_models() if page_models is None else page_models:
        for field in model._meta.get_fields():
            where = f"{field.model._meta.label}.{field.name}"
            if isinstance(field, StreamField) and where not in seen:
                seen.add(where)
                yield from stream_body_blocks(field.stream_block, where)


def blocks_missing_print_protocol(stream_block):
    """The blocks of ``stream_block`` (and of the streams and lists in it) that say neither
    how they print nor why they are not printed, or say both."""
    return [
        path for path, block in stream_body_blocks(stream_block) if not says_how_it_prints(block)
    ]


def page_blocks_missing_print_protocol(page_models=None, *, skip=()):
    """:func:`blocks_missing_print_protocol` of every StreamField of ``page_models``."""
    return [
        path
        for path, block in page_body_blocks(page_models, skip=skip)
        if not says_how_it_prints(block)
    ]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        print_template = "blocks/print/heading_block.html"
        label = _("Heading")
        description = _("A section heading, for readers skimming the page.")
        preview_value = {"text": _("How does it work?"), "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3", "document-link"])
        super().__init__(**kwargs)

    def get_print_context(self, value, printer):
        return {"value": value, "html": printer.rich_text(value.source)}

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        print_template = "blocks/print/paragraph_block.html"
        label = _("Paragraph")
        description = _("Text with bold, italics, lists and links.")
        preview_value = _(
            "<p>Borrow a drill instead of buying one: it is used on average "
            "<b>13 minutes</b> in its whole life.</p>"
        )


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    def get_print_context(self, value, printer):
        return {"value": value, "image": printer.image(value.get("image"))}

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"
        print_template = "blocks/print/figure_block.html"
        label = _("Image")
        description = _("An image with its alternative text and an optional caption.")
        preview_value = {"caption": _("The tool library on a Saturday morning")}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"), max_length=400)
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        print_template = "blocks/print/quote_block.html"
        label = _("Quote")
        description = _("A short quote and who said it.")
        preview_value = {
            "text": _("I had never spoken to my neighbours before lending my ladder."),
            "attribution": _("Claire, rue des Tilleuls"),
        }


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or web address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter a web address."))}
            )
        return value

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        print_template = "blocks/print/call_to_action_block.html"
        label = _("Call to action")
        description = _("A prominent button that takes readers to a page.")
        preview_value = {"label": _("Join the tool library"), "url": "https://example.org/"}


class InfoBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"])

    def get_print_context(self, value, printer):
        return {"value": value, "html": printer.rich_text(value.get("text").source)}

    class Meta:
        icon = "info-circle"
        template = "blocks/info_box_block.html"
        print_template = "blocks/print/info_box_block.html"
        label = _("Information box")
        description = _("A framed box for practical information: opening hours, what to bring.")
        preview_value = {
            "title": _("Good to know"),
            "text": _("<p>Bring an ID card; membership is free.</p>"),
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    figure = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    info_box = InfoBoxBlock()

    class Meta:
        template = "blocks/body_block.html"
