"""`nnkit new NAME`: a plug-in assignment of the instructor's own, in their course, that already
builds, releases and grades (reference full marks, untouched release zero). See docs/plugins.md.

    template/   the files a new assignment starts from (suite, maths, catalogue, notebook cells)
    scaffold.py writes them into the course, NAME filled in
    command.py  the `new` command
"""
