from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest

from stickers.sheet import MAX_STICKERS_PER_REQUEST
from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "format": "avery-l7160",
        "start": "1",
        "codes": "design",
        "design_1": "",
        "quantity_1": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def communication_user(django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


def test_print_view_needs_the_print_permission(client, django_user_model, designs):
    url = reverse("print_sticker_sheet")
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)


def test_communication_staff_download_a_sheet(client, communication_user, designs):
    client.force_login(communication_user)
    url = reverse("print_sticker_sheet")
    response = client.get(url)
    assert response.status_code == 200
    assert b"design_1" in response.content
    response = client.post(
        url,
        _form(
            design_1=designs["covoit"].pk,
            quantity_1="3",
            design_2=designs["perceuse"].pk,
            fill_sheet="on",
            start="20",
            codes="sticker",
            outlines="on",
        ),
    )
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    decoded = decode_pages(response.content, dpi=200)
    assert [len(page) for page in decoded] == [2, 1]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quantity_1": "0"}, "quantity_1", "1 or more"),
        ({"quantity_1": "-4"}, "quantity_1", "1 or more"),
        ({"quantity_1": str(MAX_STICKERS_PER_REQUEST + 1)}, "quantity_1", "At most"),
        ({"quantity_1": ""}, "quantity_1", "Fill the sheet"),
        ({"quantity_1": "2", "start": "0"}, "start", "between 1 and 21"),
        ({"quantity_1": "2", "start": "22"}, "start", "between 1 and 21"),
        ({"quantity_1": "2", "format": "avery-9999"}, "format", "valid choice"),
        ({"design_1": "999999", "quantity_1": "2"}, "design_1", "valid choice"),
    ],
)
def test_form_errors(client, staff_user, designs, overrides, field, message):
    client.force_login(staff_user)
    data = _form(design_1=designs["perceuse"].pk)
    data.update(overrides)
    response = client.post(reverse("print_sticker_sheet"), data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors


def test_form_needs_a_design(client, staff_user, designs):
    client.force_login(staff_user)
    response = client.post(reverse("print_sticker_sheet"), _form())
    assert "at least one sticker design" in " ".join(response.context["form"].non_field_errors())


def test_calibration_page(client, staff_user, site_tree):
    client.force_login(staff_user)
    response = client.get(reverse("print_calibration_sheet"), {"format": "avery-l7780"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    response = client.get(reverse("print_calibration_sheet"), {"format": "nope"})
    assert response.status_code == 400
