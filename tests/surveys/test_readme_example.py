"""The complete example in surveys/README.md is a definition that loads and flows."""

import re
from pathlib import Path

import surveys

README = Path(surveys.__file__).parent / "README.md"


def test_the_readme_example_loads_and_its_skip_logic_works(tmp_path: Path):
    example = re.search(r"```yaml\n(.*?)```", README.read_text(), re.DOTALL).group(1)
    (tmp_path / "pact-feedback.yaml").write_text(example)
    (tmp_path / "equalities-monitoring.yaml").write_text(
        (surveys.DEFINITIONS_DIR / "equalities-monitoring.yaml").read_text()
    )

    definition = surveys.load_definition(tmp_path / "pact-feedback.yaml")
    flow = surveys.Flow(definition)

    assert definition.id == "pact-feedback"
    assert definition.sections[-1].id != "meeting"  # the included equalities sections come last
    went = {q.id for q in flow.applicable({"attended": True})}
    stayed_away = {q.id for q in flow.applicable({"attended": False})}
    assert {"useful", "topics"} <= went and "why_not" not in went
    assert "why_not" in stayed_away and "useful" not in stayed_away
