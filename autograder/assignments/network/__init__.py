"""The network assignment: its hidden suite, reference maths, bug models and catalogue."""
