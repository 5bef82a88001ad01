"""The kit's built-in assignments, one folder each (see docs/plugins.md for what a folder holds).

Nothing here is imported by the generic machinery by name: `autograder.registry` finds every
folder that holds a `suite.py`.
"""
