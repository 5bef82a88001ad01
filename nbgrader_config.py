"""nbgrader configuration of the nnkit course (read by `nnkit build` and by any nbgrader command run here).

The course layout is nbgrader's default: source/<assignment>/<assignment>.ipynb -> release/...
The gradebook location is not set here: `nnkit build` passes a temporary one, so building never
writes a database into the repository.
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "nnkit"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"

# What a learner sees in place of a solution region.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# The hidden test cells call the suites through pytest: give a graded cell time (default 30 s).
c.ExecutePreprocessor.timeout = 120
