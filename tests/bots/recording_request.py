"""A stand-in for python-telegram-bot's HTTP client: it records what the bot sends, offline.

It answers like the Bot API would, so the real `Application` runs its real handlers on real
`Update`s in tests with no network; a test can make the next call of a method fail the way
Telegram fails (429, 403, a dropped connection).
"""

import json
from dataclasses import dataclass, field
from typing import Any

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Engage", "username": "engage_test_bot"}
CHAT_ID = 987654321  # long enough not to appear by chance inside a hash


@dataclass
class Sent:
    """One call the bot made to the Bot API."""

    method: str
    params: dict[str, Any]


@dataclass
class RecordingRequest(BaseRequest):
    sent: list[Sent] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, Any]] | Exception]] = field(default_factory=dict)
    next_message_id: int = 100

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float:
        return 1.0

    def fail_next(self, method: str, code: int, description: str, **parameters: Any) -> None:
        body = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        self.failures.setdefault(method, []).append((code, body))

    def drop_next(self, method: str) -> None:
        self.failures.setdefault(method, []).append(NetworkError("connection dropped"))

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [s.params for s in self.sent if s.method == method]

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.sent.append(Sent(api_method, params))
        pending = self.failures.get(api_method)
        if pending:
            failure = pending.pop(0)
            if isinstance(failure, Exception):
                raise failure
            code, body = failure
            return code, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "editMessageText"):
            return self._message(params)
        if method == "getUpdates":
            return []
        return True

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        message_id = params.get("message_id") or self._new_id()
        message = {
            "message_id": message_id,
            "date": 1_700_000_000,
            "chat": {"id": params["chat_id"], "type": "private"},
            "from": BOT_USER,
            "text": params["text"],
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _new_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id
