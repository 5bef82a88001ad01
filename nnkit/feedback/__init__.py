"""`nnkit feedback`: per-student HTML pages rendered from the autograder's Gradescope JSON.

report.py reads the JSON into what a page shows; plots.py draws its one figure; page.py renders
the Jinja2 template; course.py knows where nbgrader keeps results and feedback; command.py is the
CLI verb.
"""
