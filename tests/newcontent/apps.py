from django.apps import AppConfig


class NewContentConfig(AppConfig):
    """A content type that exists only in the test suite (tests/crieur/test_card_contract.py)."""

    name = "tests.newcontent"
    label = "newcontent"
    verbose_name = "New content (tests only)"
    default_auto_field = "django.db.models.BigAutoField"
