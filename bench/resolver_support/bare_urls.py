from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.urls import re_path

from resolver_support.models import BareLink


def scan(request, code):
    """Look the code up, add one with ``F()``, redirect: two queries, nothing else."""
    row = BareLink.objects.filter(code=code.upper()).values_list("pk", "target").first()
    if row is None:
        raise Http404
    BareLink.objects.filter(pk=row[0]).update(count=F("count") + 1)
    return HttpResponseRedirect(row[1])


urlpatterns = [re_path(r"^[qQ]/(?P<code>[A-Za-z0-9]{1,16})$", scan)]
