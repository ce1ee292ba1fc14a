"""The `koersvast` console command: a thin wrapper around Django's management commands.

`koersvast serve`, `koersvast migrate`, `koersvast demo`, ... run the management command of the same
name (hyphens become underscores), so later issues add a command by adding a management command.
`koersvast optimize` runs the pure optimiser CLI without starting Django.
"""

from __future__ import annotations

import os
import sys

# Commands listed by `koersvast --help`: (name, Dutch/English one-line help).
COMMANDS: list[tuple[str, str]] = [
    ("serve", "Start de webserver / start the web server (PORT=8000)"),
    ("migrate", "Database bijwerken / apply database migrations"),
    ("demo", "Demogemeente laden (idempotent) / load the demo municipality"),
    (
        "createoperator",
        "Beheerder van de installatie aanmaken / create an operator (superuser)",
    ),
    (
        "createadmin",
        "Beheerder van een gemeente aanmaken / create a municipality's administrator "
        "(NAME --municipality GM…)",
    ),
    ("operators", "Beheerders van de installatie tonen / list operators (--demote NAME)"),
    (
        "municipalities",
        "Gemeenten uit de CBS-lijst toevoegen / add municipalities from the CBS list",
    ),
    ("optimize", "Portfolio optimaliseren (JSON) / optimise a portfolio problem file"),
    ("db_worker", "Achtergrondtaken uitvoeren / run background tasks (optimisations)"),
    ("backup", "Back-up van gegevens en bestanden / back up data and files (FILE.zip)"),
    ("restore", "Back-up terugzetten, gecontroleerd / restore a backup, checked (--replace)"),
    (
        "cleanup-jobs",
        "Vastgelopen berekeningen afsluiten / fail jobs left behind by a stopped worker",
    ),
    ("api-token", "API-sleutel aanmaken / print a new API token (USERNAME --municipality GM…)"),
    ("reset-mfa", "Tweestapsverificatie herstellen / reset a second factor (USERNAME)"),
    ("check", "Configuratie controleren / check the configuration"),
    ("shell", "Python-shell met Django / Django shell"),
]


def django_main(argv: list[str]) -> int:
    """Run a Django management command line (argv[0] is the program name)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koersvast.config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


def print_help() -> None:
    """Print the commands `koersvast` offers."""
    print("Gebruik / usage: koersvast COMMAND [opties]\n")
    print("Commando's / commands:")
    for name, text in COMMANDS:
        print(f"  {name:<16}{text}")
    print(
        "\nElk ander Django-beheercommando werkt ook / "
        "any other Django management command works too."
    )
    print("Hulp per commando / help per command: koersvast COMMAND --help")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `koersvast` console script."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print_help()
        return 0
    if args[0] == "--version":
        from koersvast import __version__

        print(f"koersvast {__version__}")
        return 0
    command, rest = args[0], args[1:]
    if command == "optimize":
        from koersvast.optimizer.cli import main as optimize_main

        return optimize_main(rest)
    return django_main(["koersvast", command.replace("-", "_"), *rest])


if __name__ == "__main__":
    sys.exit(main())
