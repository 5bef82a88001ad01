"""`nnkit audit ASSIGNMENT`: how good is a hidden suite? Mutation testing of the reference solution.

    reference.py     the source notebook's reference solution as one program, and which lines the learner writes
    mutants.py       first-order mutants of those lines (the standard `ast` module), each a small typical mistake
    killing.py       every mutant graded by the real suite in the sandbox, in parallel (one pytest session a worker)
    equivalence.py   survivors replayed against the reference, request by request: equal everywhere = probably equivalent
    report.py        the mutation score, survivors as diffs (weaknesses first), JSON
    command.py       the `audit` command
"""
