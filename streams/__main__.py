"""``python -m streams`` runs the quotewire command line."""
from .cli import main

main()
