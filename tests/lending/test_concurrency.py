"""Two residents ask for the same slot at the same moment: one gets it, the other is told.

Two threads, each with its own database connection and its own client, post
the same slot for the same resource at once (a barrier releases them
together). The check for overlapping requests is slowed down, so that without
the lock of ``lending.booking`` both would find the slot free and both be
stored; with it, the second waits for the first to commit and is refused.

Runs on the database the suite runs on: PostgreSQL in CI (``SELECT ... FOR
UPDATE`` on the resource's lock row), SQLite here (``BEGIN IMMEDIATE``).
"""

import threading
import time

from django.db import connection
from django.test import Client

import pytest

from lending import booking
from lending.models import LendingRequest
from tests.lending.conftest import form_data, request_page_url, resource_named

#: How long each check for overlapping requests is held open.
WINDOW_SECONDS = 0.4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_slot_at_the_same_time_is_booked_once(lending_place, monkeypatch):
    room = resource_named(lending_place, "Salle polyvalente")
    url = request_page_url(lending_place)
    original = booking.conflicts

    def slow_conflicts(*args, **kwargs):
        found = original(*args, **kwargs)
        time.sleep(WINDOW_SECONDS)  # the other request is free to look meanwhile
        return found

    monkeypatch.setattr(booking, "conflicts", slow_conflicts)
    barrier = threading.Barrier(2)
    answers = {}
    errors = []

    def resident(name):
        try:
            client = Client()
            data = form_data(room, name=name, email=f"{name.lower()}@example.org")
            barrier.wait(timeout=20)
            answers[name] = client.post(url, data)
        except Exception as error:  # noqa: BLE001  (reported below, in the test's thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=resident, args=(name,)) for name in ("Alix", "Noa")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = sorted(response.status_code for response in answers.values())
    assert statuses == [302, 409], statuses
    (stored,) = LendingRequest.objects.all()
    winner = next(name for name, response in answers.items() if response.status_code == 302)
    loser = next(name for name, response in answers.items() if response.status_code == 409)
    assert stored.name == winner
    assert "déjà pris" in answers[loser].content.decode()
    assert connection.vendor in {"postgresql", "sqlite"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_the_lock_both_would_be_stored(lending_place, monkeypatch):
    """The test above can fail: with the lock made a no-op, the race books the slot twice."""
    room = resource_named(lending_place, "Salle polyvalente")
    url = request_page_url(lending_place)
    original = booking.conflicts

    def slow_conflicts(*args, **kwargs):
        found = original(*args, **kwargs)
        time.sleep(WINDOW_SECONDS)
        return found

    monkeypatch.setattr(booking, "conflicts", slow_conflicts)
    monkeypatch.setattr(booking, "lock_resource", lambda key: None)
    if connection.vendor == "sqlite":
        # SQLite serialises every transaction (BEGIN IMMEDIATE): nothing can race there.
        pytest.skip("SQLite serialises write transactions: the unlocked race cannot happen")
    barrier = threading.Barrier(2)
    answers = []

    def resident(name):
        try:
            client = Client()
            barrier.wait(timeout=20)
            answers.append(client.post(url, form_data(room, name=name)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=resident, args=(name,)) for name in ("Alix", "Noa")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(answers) == [302, 302]
    assert LendingRequest.objects.count() == 2
