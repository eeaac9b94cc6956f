"""A fake Telegram Bot API server, so end-to-end tests can run a real bot without Telegram.

The bot under test talks HTTP to this server exactly as it would to api.telegram.org: point
python-telegram-bot at it with `base_url=f"{api.base_url}/bot"`. The test plays the resident's
phone: it queues what the resident types or presses (`send_text`, `press`) and reads what the
phone shows (`messages`, `wait_for_messages`). Faults Telegram really produces (flood limits,
a blocked bot, server errors, dropped connections) can be injected with `fail_next` and
`disconnect_next`, so a test can prove the bot survives them.

Only the methods a chat bot needs are faked; any other answers 404, as Telegram does for an
unknown method. Every chat is a private chat with a resident whose user id is the chat id.
"""

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

JSON = dict[str, Any]
Button = tuple[str, str]

BOT_USERNAME = "engage_test_bot"
RESIDENT_NAME = "Resident"
TEXT_LIMIT = 4096  # characters in a message, Telegram's limit
DATA_LIMIT = 64  # bytes of a button's callback data, Telegram's limit

# Parameters that are plain text even when they look like JSON (a resident may type "42").
TEXT_PARAMETERS = {
    "text",
    "caption",
    "callback_query_id",
    "inline_message_id",
    "secret_token",
    "url",
    "ip_address",
    "parse_mode",
    "language_code",
}

DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class ApiError(Exception):
    """An answer of {"ok": false}: raised by a method, turned into the HTTP reply."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True)
class Call:
    """One request the bot made: the method as named in the URL and its decoded parameters."""

    method: str
    params: JSON


@dataclass(frozen=True)
class Fault:
    """What the next call of a method gets instead of an answer."""

    error: ApiError | None  # None: the connection is closed without any answer


@dataclass(frozen=True)
class Webhook:
    url: str
    secret_token: str | None


@dataclass(frozen=True)
class ShownMessage:
    """A bot message as the resident's phone shows it now, edits applied."""

    message_id: int
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    reply_markup: JSON | None = None

    @property
    def labels(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]


class FakeBotApi:
    """The Bot API on 127.0.0.1 at a free port, serving one bot, in a daemon thread."""

    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        bot_id, _, _ = token.partition(":")
        if not bot_id.isdigit():
            raise ValueError(f"a bot token starts with the bot's id and a colon, not {token!r}")
        self.token = token
        self.bot_user: JSON = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": "Engage",
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        # One lock guards all state; waiters are woken by every change.
        self._changed = threading.Condition(threading.RLock())
        self._stopping = False
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(7_000_000_001)
        self._chats: dict[int, list[JSON]] = defaultdict(list)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._queries: set[str] = set()
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._webhook: Webhook | None = None
        self._commands: dict[str, list[JSON]] = {}
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._serve, name="FakeBotApi", daemon=True)

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _serve(self) -> None:
        # A short poll interval makes stop() quick: each test stops a server.
        self._server.serve_forever(poll_interval=0.05)

    def start(self) -> "FakeBotApi":
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; long polls in progress return at once, as Telegram's would on a
        restart, so the bot under test is never left hanging."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeBotApi":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- faults ----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next call of `method` with an error Telegram gives: 429 (a flood limit,
        with retry_after), 403 (the resident blocked the bot), 500, ..."""
        parameters = None
        if error_code == 429:
            retry_after = retry_after or 1
            description = description or f"Too Many Requests: retry after {retry_after}"
            parameters = {"retry_after": retry_after}
        description = description or DESCRIPTIONS.get(error_code, "Error")
        self._add_fault(method, Fault(ApiError(error_code, description, parameters)))

    def disconnect_next(self, method: str) -> None:
        """Close the connection of the next call of `method` without answering: a network
        failure, which python-telegram-bot raises as NetworkError."""
        self._add_fault(method, Fault(None))

    def _add_fault(self, method: str, fault: Fault) -> None:
        with self._changed:
            self._faults[method.lower()].append(fault)

    def _take_fault(self, method: str) -> Fault | None:
        with self._changed:
            faults = self._faults[method.lower()]
            return faults.popleft() if faults else None

    # --- the resident's phone --------------------------------------------------------------

    def resident(self, chat_id: int) -> JSON:
        return {"id": chat_id, "is_bot": False, "first_name": RESIDENT_NAME, "language_code": "en"}

    def chat(self, chat_id: int) -> JSON:
        return {"id": chat_id, "type": "private", "first_name": RESIDENT_NAME}

    def make_message_update(self, chat_id: int, text: str) -> JSON:
        """The update Telegram sends when the resident types `text`, not queued, so a test can
        post it to a webhook. A command gets its bot_command entity, as Telegram adds one."""
        with self._changed:
            extra: JSON = {}
            if text.startswith("/"):
                command = text.split()[0]
                extra["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_length(command)}
                ]
            message = self._new_message(chat_id, self.resident(chat_id), text, extra)
            return {"update_id": next(self._update_ids), "message": message}

    def make_press_update(self, chat_id: int, message_id: int, data: str) -> JSON:
        """The update Telegram sends when the resident presses the button carrying `data` on
        a bot message; the phone can only press a button it shows."""
        with self._changed:
            message = self._find_message(chat_id, message_id)
            if message is None or not message["from"]["is_bot"]:
                raise AssertionError(f"no bot message {message_id} in chat {chat_id}")
            shown = _shown(message)
            if data not in [button_data for row in shown.buttons for _, button_data in row]:
                raise AssertionError(f"message {message_id} has no button {data!r}: {shown}")
            query_id = str(next(self._query_ids))
            self._queries.add(query_id)
            query = {
                "id": query_id,
                "from": self.resident(chat_id),
                "message": _copy(message),
                "chat_instance": f"-{chat_id}",
                "data": data,
            }
            return {"update_id": next(self._update_ids), "callback_query": query}

    def send_text(self, chat_id: int, text: str) -> int:
        """The resident types `text`; returns the queued update's id."""
        return self._queue(self.make_message_update(chat_id, text))

    def press(self, chat_id: int, message_id: int, data: str) -> int:
        """The resident presses a button; returns the queued update's id."""
        return self._queue(self.make_press_update(chat_id, message_id, data))

    def _queue(self, update: JSON) -> int:
        with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update["update_id"]

    def messages(self, chat_id: int) -> list[ShownMessage]:
        """The bot's messages to a chat, oldest first, as the phone shows them now."""
        with self._changed:
            return [_shown(m) for m in self._chats.get(chat_id, []) if m["from"]["is_bot"]]

    def last_message(self, chat_id: int) -> ShownMessage:
        shown = self.messages(chat_id)
        if not shown:
            raise AssertionError(f"the bot has sent nothing to chat {chat_id}")
        return shown[-1]

    def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 10
    ) -> list[ShownMessage]:
        """Block until the bot has sent at least `count` messages to the chat: the bot runs
        in other threads or processes, so a test must wait for its answers."""
        try:
            self.wait_until(lambda: len(self.messages(chat_id)) >= count, timeout)
        except AssertionError:
            texts = [m.text for m in self.messages(chat_id)]
            raise AssertionError(
                f"waited {timeout}s for {count} messages in chat {chat_id}, got {texts}"
            ) from None
        return self.messages(chat_id)

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 10) -> None:
        """Block until `predicate` holds. It is checked after every change to the fake, and
        every 50 ms too, since it may look at state elsewhere (the bot's database)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"condition not met within {timeout}s")
            with self._changed:
                self._changed.wait(min(remaining, 0.05))

    def pending_updates(self) -> list[JSON]:
        """Queued updates the bot has not yet confirmed with a getUpdates offset."""
        with self._changed:
            return _copy(self._updates)

    def calls_to(self, method: str) -> list[JSON]:
        """The parameters of every call of `method`, oldest first."""
        with self._changed:
            return [c.params for c in self.calls if c.method.lower() == method.lower()]

    @property
    def webhook(self) -> Webhook | None:
        with self._changed:
            return self._webhook

    @property
    def commands(self) -> list[JSON]:
        """The commands the bot registered for everyone (default scope, any language)."""
        with self._changed:
            return list(self._commands.get(_commands_key({}), []))

    # --- serving requests ------------------------------------------------------------------

    def handle(self, path: str, params: JSON) -> tuple[int, JSON] | None:
        """Answer one request: (HTTP status, body), or None to drop the connection (also
        once stopped: a kept-alive connection must not reach a server that is down)."""
        if self._stopping:
            return None
        prefix, _, method = path.rpartition("/")
        if not prefix.startswith("/bot") or not method:
            return 404, ApiError(404, "Not Found").body()
        if prefix != f"/bot{self.token}":
            return 401, ApiError(401, "Unauthorized").body()
        with self._changed:
            self.calls.append(Call(method, params))
            self._changed.notify_all()
        fault = self._take_fault(method)
        if fault is not None:
            return None if fault.error is None else (fault.error.error_code, fault.error.body())
        try:
            return 200, {"ok": True, "result": self._dispatch(method, params)}
        except ApiError as error:
            return error.error_code, error.body()

    def _dispatch(self, method: str, params: JSON) -> Any:
        # Telegram's method names are case-insensitive.
        handler = self._methods().get(method.lower())
        if handler is None:
            raise ApiError(404, f"Not Found: the fake Bot API has no method {method}")
        return handler(params)

    def _methods(self) -> dict[str, Callable[[JSON], Any]]:
        return {
            "getme": lambda _: self.bot_user,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "deletemycommands": self._delete_my_commands,
            "getmycommands": self._get_my_commands,
            "close": lambda _: True,
            "logout": lambda _: True,
        }

    def _get_updates(self, params: JSON) -> list[JSON]:
        """Confirm updates before `offset`, then long-poll up to `timeout` seconds for more.
        allowed_updates is recorded but not applied: the fake only makes two kinds."""
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        with self._changed:
            if self._webhook is not None:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            if offset < 0:
                self._updates = self._updates[offset:]
            elif offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._changed.wait_for(lambda: self._updates or self._stopping, timeout)
            return self._updates[:limit]

    def _send_message(self, params: JSON) -> JSON:
        chat_id = _chat_id(params)
        text = _checked_text(params)
        markup = _checked_markup(params.get("reply_markup"))
        extra = {} if markup is None else {"reply_markup": markup}
        with self._changed:
            message = self._new_message(chat_id, self.bot_user, text, extra)
            self._changed.notify_all()
            return message

    def _edit_message_text(self, params: JSON) -> JSON:
        """Replace a message's text; its keyboard goes unless sent again, as on Telegram."""
        return self._edit(params, _checked_text(params))

    def _edit_message_reply_markup(self, params: JSON) -> JSON:
        return self._edit(params, None)

    def _edit(self, params: JSON, text: str | None) -> JSON:
        if "inline_message_id" in params:
            raise bad_request("the fake Bot API does not edit inline messages")
        markup = _checked_markup(params.get("reply_markup"))
        with self._changed:
            message = self._find_message(_chat_id(params), int(params.get("message_id") or 0))
            if message is None:
                raise bad_request("message to edit not found")
            if not message["from"]["is_bot"]:
                raise bad_request("message can't be edited")
            new_text = message["text"] if text is None else text
            if new_text == message["text"] and markup == message.get("reply_markup"):
                raise bad_request(
                    "message is not modified: specified new message content and reply markup "
                    "are exactly the same as a current content and reply markup of the message"
                )
            message["text"] = new_text
            message.pop("reply_markup", None)
            if markup is not None:
                message["reply_markup"] = markup
            message["edit_date"] = int(time.time())
            self._changed.notify_all()
            return _copy(message)

    def _answer_callback_query(self, params: JSON) -> bool:
        with self._changed:
            if params.get("callback_query_id") not in self._queries:
                raise bad_request(
                    "query is too old and response timeout expired or query ID is invalid"
                )
            return True

    def _set_webhook(self, params: JSON) -> bool:
        url = params.get("url") or ""
        with self._changed:
            self._webhook = Webhook(url, params.get("secret_token")) if url else None
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._changed.notify_all()
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        return self._set_webhook({"drop_pending_updates": params.get("drop_pending_updates")})

    def _get_webhook_info(self, _: JSON) -> JSON:
        with self._changed:
            url = self._webhook.url if self._webhook else ""
            return {
                "url": url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }

    def _set_my_commands(self, params: JSON) -> bool:
        with self._changed:
            self._commands[_commands_key(params)] = list(params.get("commands") or [])
        return True

    def _delete_my_commands(self, params: JSON) -> bool:
        with self._changed:
            self._commands.pop(_commands_key(params), None)
        return True

    def _get_my_commands(self, params: JSON) -> list[JSON]:
        with self._changed:
            return list(self._commands.get(_commands_key(params), []))

    def _new_message(self, chat_id: int, sender: JSON, text: str, extra: JSON) -> JSON:
        """Store a message in the chat and return a copy; both sides share the chat's message
        ids, as in a real private chat."""
        message = {
            "message_id": next(self._message_ids[chat_id]),
            "date": int(time.time()),
            "chat": self.chat(chat_id),
            "from": sender,
            "text": text,
            **extra,
        }
        self._chats[chat_id].append(message)
        return _copy(message)

    def _find_message(self, chat_id: int, message_id: int) -> JSON | None:
        for message in self._chats.get(chat_id, []):
            if message["message_id"] == message_id:
                return message
        return None


# --- HTTP --------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, api: FakeBotApi) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = api


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP into FakeBotApi.handle calls; keeps connections alive as httpx expects."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm and delayed ACKs
    # add 40 ms to every answer.
    disable_nagle_algorithm = True
    server: _Server

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        params.update(_read_body(self))
        answer = self.server.api.handle(url.path, _decoded(params))
        if answer is None:
            self.close_connection = True
            return
        self._answer(*answer)

    def _answer(self, status: int, body: JSON) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status, HTTPStatus(status).phrase)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The bot gave up waiting (a cancelled long poll): nobody to answer.
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows the test's own output, not a line per request."""


def _read_body(handler: BaseHTTPRequestHandler) -> JSON:
    """The body's fields, sent as python-telegram-bot sends them: form-urlencoded (values that
    are objects JSON-encoded), multipart when uploading files, or a JSON object."""
    body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
    content_type = handler.headers.get("Content-Type", "")
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return dict(json.loads(body))
    if content_type.startswith("multipart/form-data"):
        return _multipart_fields(content_type, body)
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


def _multipart_fields(content_type: str, body: bytes) -> JSON:
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    fields: JSON = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = bytes(part.get_payload(decode=True))
        fields[str(name)] = payload if part.get_filename() else payload.decode()
    return fields


def _decoded(params: JSON) -> JSON:
    """Form values arrive as strings; numbers, booleans and objects are JSON inside them."""
    return {name: _decode(name, value) for name, value in params.items()}


def _decode(name: str, value: Any) -> Any:
    if not isinstance(value, str) or name in TEXT_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


# --- checks Telegram makes -----------------------------------------------------------------


def _chat_id(params: JSON) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        raise bad_request("chat not found") from None


def _checked_text(params: JSON) -> str:
    text = str(params.get("text") or "")
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return text


def _checked_markup(markup: Any) -> JSON | None:
    """Only an inline keyboard is part of the message Telegram returns; check its data."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if len(str(button.get("callback_data", "")).encode()) > DATA_LIMIT:
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


def _commands_key(params: JSON) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)


def _shown(message: JSON) -> ShownMessage:
    markup = message.get("reply_markup")
    rows = (markup or {}).get("inline_keyboard", [])
    buttons = [[(b["text"], b.get("callback_data", b.get("url", ""))) for b in row] for row in rows]
    return ShownMessage(message["message_id"], message["text"], buttons, markup)


def _copy(value: Any) -> Any:
    """A deep copy, so what leaves the lock cannot change under a reader."""
    return json.loads(json.dumps(value))


def _utf16_length(text: str) -> int:
    """Telegram measures entities in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def post_update(url: str, update: JSON, secret_token: str | None = None) -> int:
    """POST an update to a webhook the bot serves, as Telegram does; returns the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret_token is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
