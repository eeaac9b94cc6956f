"""Reading a YAML file, noting a missing file or a syntax error instead of raising."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from surveys.form_errors import ProblemLog
from surveys.schema import MOST_FILE_BYTES

# A definition nests about 8 deep; far deeper, reading it would run out of Python's stack.
MOST_NESTING = 50
# What a value YAML read as something other than text should have been, by its tag.
KINDS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date",
}


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in one mapping, and says which value
    it cannot read (like 2024-02-30) instead of raising whatever error Python gave it."""

    nesting = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.nesting >= MOST_NESTING:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"lists and mappings are nested more than {MOST_NESTING} deep: "
                "check the brackets and the indentation",
                self.peek_event().start_mark,
            )
        self.nesting += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (AttributeError, LookupError, TypeError, ValueError):
            raise yaml.constructor.ConstructorError(
                None, None, _unreadable(node), node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # like `!!map text`: let YAML say so
            return super().construct_mapping(node, deep=deep)
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' is written twice", node.value[index][0].start_mark
                )
        return super().construct_mapping(node, deep=deep)


def _unreadable(node: yaml.Node) -> str:
    """What is wrong with a value YAML cannot read as the type its form or tag gives it."""
    tag = str(node.tag).rsplit(":", 1)[-1]
    kind = KINDS.get(tag, f"a {tag}")
    if not isinstance(node, yaml.ScalarNode):
        return f"cannot read this as {kind}: correct it"
    text = str(node.value)
    shown = text if len(text) <= 40 else text[:40] + "…"
    return f"cannot read {shown!r} as {kind}: correct it, or put it in quotes if it is text"


def read_yaml(path: Path, log: ProblemLog) -> Any:
    """The data in a YAML file, or None (with the problem noted) when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MOST_FILE_BYTES:
            log.add(_too_big(size))
            return None
        content = path.read_bytes()
    except FileNotFoundError:
        log.add(f"file not found: check that {path} exists")
        return None
    except OSError as error:
        log.add(f"cannot be read ({error}): save it as UTF-8 text")
        return None
    return read_yaml_bytes(content, log)


def read_yaml_bytes(content: bytes, log: ProblemLog) -> Any:
    """The data in a YAML file's bytes (an upload, say), or None with the problem noted."""
    if len(content) > MOST_FILE_BYTES:
        log.add(_too_big(len(content)))
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        log.add(f"cannot be read ({error}): save it as UTF-8 text")
        return None
    # Line breaks as reading a text file gives them, whichever system wrote it.
    return _parse(text.replace("\r\n", "\n").replace("\r", "\n"), log)


def _too_big(size: int) -> str:
    """The problem noted for a file too big to be a definition."""
    return (
        f"is {size:,} bytes: a definition file may be at most {MOST_FILE_BYTES:,} bytes; "
        "split it with include, or check it is the right file"
    )


def _parse(text: str, log: ProblemLog) -> Any:
    """The data in YAML text, or None with the syntax error noted."""
    try:
        # _StrictLoader is a SafeLoader that also refuses repeated keys.
        data = yaml.load(text, Loader=_StrictLoader)  # nosec B506
    except yaml.reader.ReaderError as error:  # a control character, say: it has no line
        number = text.count("\n", 0, error.position) + 1
        character = f"U+{error.character:04X}"  # its code point
        log.add(f"YAML syntax error on line {number}: remove the character {character}")
        return None
    except yaml.MarkedYAMLError as error:
        line = f" on line {error.problem_mark.line + 1}" if error.problem_mark else ""
        log.add(f"YAML syntax error{line}: {error.problem or error.context}")
        return None
    except yaml.YAMLError as error:
        log.add(f"YAML syntax error: {error}")
        return None
    if data is None:
        log.add("the file is empty")
    return data
