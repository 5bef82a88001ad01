"""`nnkit drill`: interview practice — a question bank with spaced repetition, timed katas, stats."""
