"""StreamField blocks shared by every content page.

Every block names its icon, template, preview value and description so that
editors see what they pick in the block chooser.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock


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
        label = _("Heading")
        description = _("A section heading, for readers skimming the page.")
        preview_value = {"text": _("How does it work?"), "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "h3", "document-link"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Paragraph")
        description = _("Text with bold, italics, lists and links.")
        preview_value = _(
            "<p>Borrow a drill instead of buying one: it is used on average "
            "<b>13 minutes</b> in its whole life.</p>"
        )


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"
        label = _("Image")
        description = _("An image with its alternative text and an optional caption.")
        preview_value = {"caption": _("The tool library on a Saturday morning")}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"), max_length=400)
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
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
        label = _("Call to action")
        description = _("A prominent button that takes readers to a page.")
        preview_value = {"label": _("Join the tool library"), "url": "https://example.org/"}


class InfoBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "info-circle"
        template = "blocks/info_box_block.html"
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
