"""``python -m legmap`` runs the command line."""

from legmap.cli import main

main()
