"""The conversation in a terminal: replies printed with numbered buttons, a number presses one.

The console is one chat, with chat id 0, kept in the database like any other: stop and start
it again and it offers to carry on.
"""

from collections.abc import Callable, Iterable

from bots.events import Press, Reply, Turn, read_input
from bots.turns import take_turn

CONSOLE_CHAT_ID = 0
QUIT = {"/quit", "/exit"}
GUIDE = "Type a number to press a button, or type an answer or a command. /quit stops."


def run_console(lines: Iterable[str], write: Callable[[str], None]) -> None:
    """Chat with Engage: start as /start does, then take a line a turn until the input ends."""
    write(GUIDE + "\n")
    pressable = _show(take_turn(CONSOLE_CHAT_ID, read_input("/start")), write)
    for line in lines:
        text = line.strip()
        if text in QUIT:
            break
        if text.isdigit() and pressable:
            index = int(text) - 1
            if not 0 <= index < len(pressable):
                write(f"There is no button {text}. {GUIDE}\n")
                continue
            turn = take_turn(CONSOLE_CHAT_ID, Press(pressable[index]))
        elif text:
            turn = take_turn(CONSOLE_CHAT_ID, read_input(text))
        else:
            continue
        pressable = _show(turn, write)


def _show(turn: Turn, write: Callable[[str], None]) -> list[str]:
    """Print a turn's replies, numbering every button; return the buttons' data."""
    pressable: list[str] = []
    for reply in turn.replies:
        write(_render(reply, pressable))
    return pressable


def _render(reply: Reply, pressable: list[str]) -> str:
    lines = [reply.text]
    for row in reply.buttons:
        for label, data in row:
            pressable.append(data)
            lines.append(f"  [{len(pressable)}] {label}")
    return "\n".join(lines) + "\n"
