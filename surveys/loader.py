"""Loading definitions from YAML files, with their includes and shared lists inlined."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveys.definition import build_definition
from surveys.form_errors import DefinitionError, Problem, ProblemLog
from surveys.model import FormDefinition
from surveys.question_settings import unread_list_message
from surveys.reading import describe
from surveys.schema import DEFAULT_LIST, FORM_ID, LIST_NAME
from surveys.yaml_files import read_yaml, read_yaml_bytes

DEFINITIONS_DIR = Path(__file__).parent / "definitions"


def load_definition(path: str | Path) -> FormDefinition:
    """Read, expand and check one definition file; raise `DefinitionError` listing all problems."""
    path = Path(path)
    log = ProblemLog(path.name)
    definition = _load(path, log)
    if definition is None or log.problems:
        raise DefinitionError(log.problems)
    return definition


def load_definition_bytes(
    content: bytes, name: str, folder: str | Path = DEFINITIONS_DIR
) -> FormDefinition:
    """Read, expand and check a definition file's bytes (an upload), with includes and lists
    from `folder`; raise `DefinitionError` listing all problems."""
    log = ProblemLog(name)
    expander = _Expander(Path(folder), where=f"in {Path(folder).name}/")
    expanded = expander.expand_data(read_yaml_bytes(content, log), name, (Path(name).stem,), log)
    definition = build_definition(expanded.data, log, expanded.files) if expanded else None
    if definition is None or log.problems:
        raise DefinitionError(log.problems)
    return definition


def list_options(name: str, folder: str | Path = DEFINITIONS_DIR) -> list[Any]:
    """The options in a shared list, `lists/<name>.yaml` in `folder` or else the shipped one;
    raise `DefinitionError` when it is missing or broken."""
    log = ProblemLog(f"lists/{name}.yaml")
    options = _Expander(Path(folder))._list(name, log) if LIST_NAME.fullmatch(name) else None
    if options is None:
        log.add(unread_list_message(name))
        raise DefinitionError(log.problems)
    return copy.deepcopy(options)


def load_definitions(folder: str | Path) -> dict[str, FormDefinition]:
    """Load every `*.yaml` in a folder, by id; raise `DefinitionError` listing all problems."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DefinitionError([Problem(folder.name, None, f"folder not found: {folder}")])
    problems: list[Problem] = []
    definitions: dict[str, FormDefinition] = {}
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        log = ProblemLog(path.name)
        definition = _load(path, log)
        problems.extend(problem for problem in log.problems if problem not in problems)
        if definition is None:
            continue
        if definition.id in files:
            message = f"id '{definition.id}' is used by {files[definition.id]} too: change one"
            problems.append(Problem(path.name, None, message))
        files.setdefault(definition.id, path.name)
        definitions[definition.id] = definition
    if problems:
        raise DefinitionError(problems)
    return definitions


def _load(path: Path, log: ProblemLog) -> FormDefinition | None:
    """Expand and check one file, noting problems in `log`."""
    expanded = _Expander(path.parent).expand(path, (path.stem,), log)
    if expanded is None:
        return None
    return build_definition(expanded.data, log, expanded.files)


@dataclass
class _Expanded:
    """A definition with its includes and lists inlined, and the file each section came from."""

    data: dict[str, Any]
    files: list[str]


@dataclass
class _Expander:
    """Reads definition files from one folder, inlining includes and shared lists."""

    folder: Path
    lists: dict[str, list[Any] | None] = field(default_factory=dict)
    where: str = "in the same folder"  # where an include is looked for, for a problem

    def expand(self, path: Path, chain: tuple[str, ...], log: ProblemLog) -> _Expanded | None:
        """The definition in `path`, expanded; `chain` is the includes that led here."""
        return self.expand_data(read_yaml(path, log), path.name, chain, log)

    def expand_data(
        self, data: Any, file_name: str, chain: tuple[str, ...], log: ProblemLog
    ) -> _Expanded | None:
        """A definition read from `file_name`, expanded; `chain` is the includes that led here."""
        if data is None:
            return None
        if not isinstance(data, dict):
            log.add("must be a mapping with id, version, title and sections")
            return None
        self._inline_lists(data, log)
        expanded = {key: value for key, value in data.items() if key != "include"}
        names = _includes(data, log)
        sections = data.get("sections")
        if not isinstance(sections, list):
            return _Expanded(expanded, [])
        files = [file_name] * len(sections)
        for name in names:
            included = self._include(name, chain, log)
            if included is not None and isinstance(included.data.get("sections"), list):
                sections = [*sections, *included.data["sections"]]
                files += included.files
        expanded["sections"] = sections
        return _Expanded(expanded, files)

    def _include(self, name: str, chain: tuple[str, ...], log: ProblemLog) -> _Expanded | None:
        """An included definition, expanded and checked on its own too."""
        if name in chain:
            log.add(f"include cycle {' → '.join([*chain, name])}: remove one of these includes")
            return None
        path = self.folder / f"{name}.yaml"
        if not _is_file(path):
            log.add(f"include '{name}' not found: there is no {name}.yaml {self.where}")
            return None
        included_log = ProblemLog(path.name, log.problems)
        expanded = self.expand(path, (*chain, name), included_log)
        if expanded is not None:
            build_definition(expanded.data, included_log, expanded.files)
        return expanded

    def _inline_lists(self, data: dict[str, Any], log: ProblemLog) -> None:
        """Put the options of its shared list into each ward question."""
        for question in _ward_questions(data):
            name = question.get("list", DEFAULT_LIST)
            question_id = question.get("id")
            question_log = log.at(question=question_id) if isinstance(question_id, str) else log
            if "options" in question:
                question_log.add("remove 'options': a ward question takes them from its list")
            elif isinstance(name, str) and LIST_NAME.fullmatch(name):
                options = self._list(name, log)
                if options is None:
                    question_log.add(unread_list_message(name))
                else:
                    question["options"] = copy.deepcopy(options)

    def _list(self, name: str, log: ProblemLog) -> list[Any] | None:
        """The options in `lists/<name>.yaml` beside the file, or else the shipped one."""
        if name not in self.lists:
            paths = [folder / "lists" / f"{name}.yaml" for folder in (self.folder, DEFINITIONS_DIR)]
            path = next((path for path in paths if _is_file(path)), None)
            list_log = ProblemLog(f"lists/{name}.yaml", log.problems)
            options = read_yaml(path, list_log) if path else None
            if options is not None and not isinstance(options, list):
                list_log.add("must be a list of {value, label} options")
                options = None
            self.lists[name] = options
        return self.lists[name]


def _is_file(path: Path) -> bool:
    """Whether a file is there; a name too long for the file system names none."""
    try:
        return path.is_file()
    except OSError:
        return False


def _includes(data: dict[str, Any], log: ProblemLog) -> list[str]:
    """The ids a definition includes, noting a malformed `include`."""
    names = data.get("include", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        log.add("'include' must be a list of definition ids, like [equalities-monitoring]")
        return []
    for name in names:
        if not FORM_ID.fullmatch(name):
            log.add(
                f"include {describe(name)} is not a definition id, like 'equalities-monitoring'"
            )
        elif names.count(name) > 1:
            log.add(f"include '{name}' is named more than once: name it once")
    return [name for name in dict.fromkeys(names) if FORM_ID.fullmatch(name)]


def _ward_questions(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The mappings of a definition's own ward questions."""
    sections = data.get("sections")
    for section in sections if isinstance(sections, list) else []:
        questions = section.get("questions") if isinstance(section, dict) else None
        for question in questions if isinstance(questions, list) else []:
            if isinstance(question, dict) and question.get("type") == "ward":
                yield question
