"""Publishing a period on the ops pages asks for a confirmation first, as closing a period does: the statements and
their SMS notices go out at once and cannot be taken back."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from statements.models import BalanceStatement, SmsMessage, StatementRun
from tests.fixtures.language import language_restored  # noqa: F401 (autouse fixture)
from tests.fixtures.statements import PUBLISH_AT

pytestmark = pytest.mark.django_db
URL = reverse("portal:ops-publish")
EN = {"accept-language": "en"}


@pytest.fixture
def due(agreement_a, agreement_b, balances, settings, tmp_path):
    """September 2026 ready to publish: a monthly and a quarterly account with their period-end balances."""
    settings.MEDIA_ROOT = tmp_path


def _post(client, data, capture=None):
    with time_machine.travel(PUBLISH_AT, tick=False):
        if capture is None:
            return client.post(URL, data, headers=EN)
        with capture(execute=True):
            return client.post(URL, data, headers=EN)


def test_posting_the_period_shows_what_would_be_published_and_publishes_nothing(client, ops, due):
    client.force_login(ops)
    response = _post(client, {"period": "2026-09"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Publish 2026-09: 2 accounts are due, 2 statements will be published." in body
    assert "Publishing sends these notices to the customers" in body and "cannot be taken back" in body
    assert "<dt>Notices sent at once</dt><dd>SMS: 2</dd>" in body
    assert 'name="confirm" value="yes" required' in body
    assert '<input type="hidden" name="period" value="2026-09">' in body
    assert "Publish and send the notices" in body
    assert not StatementRun.objects.exists() and not BalanceStatement.objects.exists()
    assert not SmsMessage.objects.exists()


def test_only_the_confirmed_post_publishes(client, ops, due, django_capture_on_commit_callbacks):
    client.force_login(ops)
    response = _post(
        client,
        {"period": "2026-09", "as_of": "2026-09-30", "step": "confirm", "confirm": "yes"},
        django_capture_on_commit_callbacks,
    )
    run = StatementRun.objects.get(period="2026-09")
    assert response.status_code == 302 and response.headers["Location"] == reverse("portal:ops-run", args=[run.pk])
    assert (run.accounts_due, run.statements_created) == (2, 2)
    assert BalanceStatement.objects.filter(run=run).count() == 2


def test_the_confirmation_without_the_box_ticked_publishes_nothing(client, ops, due):
    client.force_login(ops)
    response = _post(client, {"period": "2026-09", "as_of": "2026-09-30", "step": "confirm"})
    body = response.content.decode()
    assert response.status_code == 200 and "Nothing was published: tick the box confirming" in body
    assert "2 statements will be published" in body
    assert not StatementRun.objects.exists()


def test_a_period_already_published_goes_to_its_run_without_asking_again(client, ops, published):
    client.force_login(ops)
    run = StatementRun.objects.get(period="2026-09")
    response = _post(client, {"period": "2026-09"})
    assert response.status_code == 302 and response.headers["Location"] == reverse("portal:ops-run", args=[run.pk])
    assert StatementRun.objects.count() == 1 and BalanceStatement.objects.count() == 2


def test_a_refused_period_is_refused_before_any_confirmation(client, ops, due):
    client.force_login(ops)
    body = _post(client, {"period": "2026-10"}).content.decode()
    assert "has not ended yet" in body and 'name="confirm"' not in body


def test_the_confirmation_names_each_contacts_channel(client, ops, due, agreement_a):
    """A contact told by WeChat is not counted as an SMS: the step lists the notices per channel."""
    from statements.models import Agreement

    Agreement.objects.filter(pk=agreement_a.pk).update(
        notify_channel="wechat", wechat_openid="oUpF8uMuAJO_M2pxb1Q9zNjW"
    )
    client.force_login(ops)
    body = _post(client, {"period": "2026-09"}).content.decode()
    assert "<dt>Notices sent at once</dt><dd>SMS: 1, WeChat: 1</dd>" in body
    assert "contacts at once, each on the contact" in body and "own channel, and cannot be taken back" in body
    assert "SMS notices" not in body
