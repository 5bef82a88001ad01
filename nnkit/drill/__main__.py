"""`python -m nnkit.drill`: the drill command on its own (nnkit/cli.py registers the same function)."""

import typer

from nnkit.drill.command import drill


def main() -> None:
    app = typer.Typer(add_completion=False)
    app.command()(drill)
    app()


if __name__ == "__main__":
    main()
