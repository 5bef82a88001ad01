"""nbgrader configuration of the example course: one assignment of its own, softmax_output, which
nnkit grades as a plug-in (nnkit's docs/plugins.md). Every nbgrader and nnkit command runs here."""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "softmax-example"

# What a learner sees in place of a solution region.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# The hidden test cells run the plug-in's suite through pytest: give a graded cell time.
c.ExecutePreprocessor.timeout = 120

# Where nnkit finds this course's own assignments, relative to this folder (this is the default,
# written out to show it); each holds one assignment folder per name.
c.Nnkit.assignment_folders = ["nnkit_assignments"]
