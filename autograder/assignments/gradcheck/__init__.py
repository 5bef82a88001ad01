"""The gradcheck assignment: its hidden suite, reference maths, cases, bug models and catalogue."""
