"""`python -m nnkit.autograde ASSIGNMENT ...`: the autograde command on its own."""

import typer

from nnkit.autograde.command import autograde

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)  # no tracebacks with every local
app.command()(autograde)

if __name__ == "__main__":
    app()
