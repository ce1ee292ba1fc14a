#!/usr/bin/env python
"""Django's command-line utility for Koersvast (the `koersvast` command wraps the same)."""

import sys

from koersvast.cli import django_main

if __name__ == "__main__":
    sys.exit(django_main(sys.argv))
