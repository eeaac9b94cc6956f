"""How fast is the tagger compared with TextBlob's sentiment alone, and how much memory?

Runs tag_many over the dev set repeated to 20,000 texts and, in the same run, TextBlob's
sentiment alone over the same texts; prints both throughputs, their ratio (target: at least
0.7) and the peak resident memory of importing the analysis and tagging (target: under
200 MB), measured before the TextBlob baseline runs, which itself takes more memory. The two
are timed alternately, several rounds, and the best round of each is kept, so that other
work on the machine disturbs the comparison as little as possible.

    .venv/bin/python benchmarks/analysis_speed.py [DEVSET] [--texts N] [--rounds N]
"""

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = ROOT.parent / "shared" / "analysis" / "devset.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = _texts(args.devset, args.texts)

    sys.path.insert(0, str(ROOT))
    from textblob import TextBlob

    import analysis

    analysis.tag("warm up: compile the lexicons before timing")
    tagging = _rate(lambda: analysis.tag_many(texts), len(texts))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sentiment = 0.0
    for round_number in range(args.rounds):
        if round_number:
            tagging = max(tagging, _rate(lambda: analysis.tag_many(texts), len(texts)))
        sentiment = max(
            sentiment, _rate(lambda: [TextBlob(text).sentiment for text in texts], len(texts))
        )
    print(f"texts:                     {len(texts)} (best of {args.rounds} rounds)")
    print(f"tag_many:                  {tagging:,.0f} texts/second")
    print(f"TextBlob sentiment alone:  {sentiment:,.0f} texts/second")
    print(f"ratio:                     {tagging / sentiment:.2f} (target >= 0.7)")
    print(f"memory, import + tagging:  {peak_mb:.0f} MB peak resident (target < 200 MB)")


def _texts(path: Path, count: int) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        base = [json.loads(line)["text"] for line in handle if line.strip()]
    if not base:
        sys.exit(f"{path}: no texts")
    return (base * (count // len(base) + 1))[:count]


def _rate(run: Callable[[], object], count: int) -> float:
    start = time.perf_counter()
    run()
    return count / (time.perf_counter() - start)


if __name__ == "__main__":
    main()
