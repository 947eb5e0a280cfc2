"""A published call for projects under its index, on the test site."""

from django.test import Client, TestCase

import pytest

from tests.factories.calls import CallIndexPageFactory, CallPageFactory


@pytest.fixture
def call_index(site_tree):
    index = CallIndexPageFactory(parent=site_tree.home, slug="appels")
    index.save_revision().publish()
    return index


@pytest.fixture
def call(call_index):
    page = CallPageFactory(parent=call_index, slug="budget-participatif", budget=10_000)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class CommittingClient(Client):
    """A test client whose POSTs run the on-commit callbacks (e-mails) as a real commit would.

    Tests run inside a transaction that never commits, so what a view defers
    to ``transaction.on_commit`` (the e-mails) would otherwise never run.
    """

    def post(self, *args, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(*args, **kwargs)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def admin_client(admin_user):
    client = CommittingClient()
    client.force_login(admin_user)
    return client
