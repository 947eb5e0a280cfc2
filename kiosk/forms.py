from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from campaigns.models import CampaignPage


class KioskForm(WagtailAdminModelForm):
    """Campaigns are picked once, in the default language; the screen shows each
    one in its own language(s)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("campaigns")
        if field is not None:
            field.queryset = (
                CampaignPage.objects.filter(locale=Locale.get_default())
                .select_related("locale")
                .order_by("-start_date", "title")
            )
