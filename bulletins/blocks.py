"""The articles of a bulletin edition: a content page of the site, or a free article."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError
from wagtail.images.blocks import ImageBlock

#: The most articles one edition may hold (the PDF is rendered on request).
MAX_ARTICLES = 60

#: The content pages an article can be made from (the project's content types).
ARTICLE_PAGE_TYPES = settings.CRIEUR_CONTENT_PAGE_TYPES


class PageArticleBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        label=_("content page"),
        page_type=ARTICLE_PAGE_TYPES,
        help_text=_(
            "A content page of the site: the chooser lists only the types a bulletin prints."
        ),
    )
    print_title = blocks.CharBlock(
        label=_("title in print"),
        required=False,
        max_length=120,
        help_text=_("Only for the bulletin; the page's own title otherwise."),
    )
    print_teaser = blocks.TextBlock(
        label=_("teaser in print"),
        required=False,
        max_length=400,
        help_text=_("Only for the bulletin; the page's own teaser otherwise."),
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "bulletins/blocks/page_article_block.html"
        label = _("Article from a page")
        description = _(
            "Prints a page already written for the website, with its QR code; the title "
            "and teaser can be shortened for print."
        )
        preview_value = {
            "print_title": _("The tool library opens on Saturdays"),
            "print_teaser": _("Borrow a drill instead of buying one."),
        }


class FreeArticleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    teaser = blocks.TextBlock(label=_("teaser"), required=False, max_length=400)
    image = ImageBlock(label=_("image"), required=False)
    body = blocks.RichTextBlock(label=_("text"), features=["h3", "bold", "italic", "ol", "ul"])
    link_page = blocks.PageChooserBlock(
        label=_("QR code leads to"),
        required=False,
        help_text=_("A page of the site; this edition's web page otherwise."),
    )

    class Meta:
        icon = "edit"
        template = "bulletins/blocks/free_article_block.html"
        label = _("Free article")
        description = _("An article written for this edition only (a word from the mayor, news).")
        preview_value = {
            "title": _("A word from the associations"),
            "teaser": _("Thirty volunteers keep the tool library open."),
            "body": _("<p>Join them on the first Saturday of the month.</p>"),
        }


class BulletinArticlesBlock(blocks.StreamBlock):
    page_article = PageArticleBlock()
    free_article = FreeArticleBlock()

    class Meta:
        template = "bulletins/blocks/articles_block.html"

    def clean(self, value):
        value = super().clean(value)
        if len(value) > MAX_ARTICLES:
            raise StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [
                        ValidationError(
                            _(
                                "An edition holds at most %(max)d articles (this one has "
                                "%(count)d): move some to the next edition."
                            )
                            % {"max": MAX_ARTICLES, "count": len(value)}
                        )
                    ]
                )
            )
        return value
