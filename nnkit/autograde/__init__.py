"""`nnkit autograde`: grade a whole class from nbgrader's layout into nbgrader's gradebook.

The pipeline, one module per step:

    course.py      where nbgrader keeps things (config, submitted/, autograded/, gradebook URL)
    blueprint.py   what the gradebook says the assignment is (read-only, no nbgrader import)
    notebooks.py   a submitted notebook -> the code to grade, and -> the autograded notebook
    jobs.py        one submission -> a Job (its code) or an Outcome at once (broken, missing)
    batch.py       one pytest session grades many Jobs in the sandbox (a worker's loop)
    pool.py        worker processes on this machine      cluster.py  the same on dask.distributed
    gradebook.py   one transaction per student through nbgrader.api, plus JSON and autograded/
    report.py      progress, the summary table, scores.csv
    command.py     the `autograde` command that strings them together
"""
