"""What `engage bot` says about its settings before it starts: each mistake named, with the fix."""

import pytest

from bots.telegram_app import BotSetupError, check_webhook_secret


@pytest.mark.parametrize(
    ("secret", "says"),
    [
        (None, "A webhook needs a secret token that Telegram sends with every update"),
        ("", "A webhook needs a secret token that Telegram sends with every update"),
        ("has spaces!", "must be 1 to 256 letters, digits, - or _"),
        ("x" * 257, "must be 1 to 256 letters, digits, - or _"),
    ],
)
def test_a_missing_or_malformed_webhook_secret_says_how_to_make_one(secret, says):
    with pytest.raises(BotSetupError) as refused:
        check_webhook_secret(secret)

    assert says in str(refused.value)
    assert "secrets.token_urlsafe(32)" in str(refused.value)


def test_a_webhook_secret_as_telegram_takes_it_is_kept():
    assert check_webhook_secret("a-B_3" * 10) == "a-B_3" * 10
