"""The equalities analysis: baselines, counts, themes, the names it uses and its download."""
