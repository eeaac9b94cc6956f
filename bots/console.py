"""The conversation in a terminal: replies printed with numbered buttons, a number presses one."""

from collections.abc import Callable, Iterable

from bots.conversation import respond
from bots.events import Press, Reply, State, Turn, read_input

QUIT = {"/quit", "/exit"}
GUIDE = "Type a number to press a button, or type an answer or a command. /quit stops."


def run_console(lines: Iterable[str], write: Callable[[str], None]) -> None:
    """Chat with Engage: start as /start does, then take a line a turn until the input ends."""
    write(GUIDE + "\n")
    pressable, state = _show(respond({}, read_input("/start")), write)
    for line in lines:
        text = line.strip()
        if text in QUIT:
            break
        if text.isdigit() and pressable:
            index = int(text) - 1
            if not 0 <= index < len(pressable):
                write(f"There is no button {text}. {GUIDE}\n")
                continue
            turn = respond(state, Press(pressable[index]))
        elif text:
            turn = respond(state, read_input(text))
        else:
            continue
        pressable, state = _show(turn, write)


def _show(turn: Turn, write: Callable[[str], None]) -> tuple[list[str], State]:
    """Print a turn's replies, numbering every button; return the buttons' data and the state."""
    pressable: list[str] = []
    for reply in turn.replies:
        write(_render(reply, pressable))
    return pressable, turn.state


def _render(reply: Reply, pressable: list[str]) -> str:
    lines = [reply.text]
    for row in reply.buttons:
        for label, data in row:
            pressable.append(data)
            lines.append(f"  [{len(pressable)}] {label}")
    return "\n".join(lines) + "\n"
