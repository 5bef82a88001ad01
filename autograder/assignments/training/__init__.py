"""The training assignment: its hidden suite, reference maths, bug models, experiments and catalogue."""
