"""The client's address comes only from trusted proxies; login attempts are limited."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    from django.core.cache import cache

    cache.clear()


def test_a_forged_forwarded_for_does_not_escape_the_limit_without_proxies(three_a_minute, settings):
    settings.NUM_PROXIES = 0
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    statuses = [client.get("/api/topics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_address_it_saw_counts_and_forged_entries_do_not(three_a_minute, settings):
    settings.NUM_PROXIES = 1
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")
    # A client forging entries to the left of what the proxy appended is still one client.
    forged = [proxy.get("/api/topics/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7").status_code for n in range(4)]
    assert forged == [200, 200, 200, 429]
    # Another client behind the same proxy has its own count.
    assert proxy.get("/api/topics/", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_lock_out_the_account_from_that_address_only(client, curator, settings):
    statuses = [attempt(client, "curator", "wrong", "203.0.113.20").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the form again, then locked
    locked = attempt(client, "curator", "a-long-test-password", "203.0.113.20")
    assert locked.status_code == 429 and "Too many failed logins" in locked.content.decode()
    # The right password from another address still works: a stranger cannot lock a curator out.
    assert attempt(client, "curator", "a-long-test-password", "198.51.100.30").status_code == 302


def test_forged_forwarded_for_does_not_reset_the_count(client, curator, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "curator", "password": "wrong"}, REMOTE_ADDR="203.0.113.21",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(client, "curator", "a-long-test-password", "203.0.113.21").status_code == 429


def test_an_administrator_unlocks_from_the_admin(client, admin_client, curator, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "curator", "wrong", "203.0.113.22")
    attempt_row = AccessAttempt.objects.get(username="curator")
    assert admin_client.get("/admin/axes/accessattempt/").status_code == 200
    response = admin_client.post(f"/admin/axes/accessattempt/{attempt_row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "curator", "a-long-test-password", "203.0.113.22").status_code == 302
