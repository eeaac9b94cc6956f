"""Reading a YAML file, noting a missing file or a syntax error instead of raising."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from surveys.errors import ProblemLog


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' is written twice", node.value[index][0].start_mark
                )
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, log: ProblemLog) -> Any:
    """The data in a YAML file, or None (with the problem noted) when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.add(f"file not found: check that {path} exists")
        return None
    except (OSError, UnicodeDecodeError) as error:
        log.add(f"cannot be read ({error}): save it as UTF-8 text")
        return None
    try:
        # _StrictLoader is a SafeLoader that also refuses repeated keys.
        data = yaml.load(text, Loader=_StrictLoader)  # nosec B506
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
