"""The `dondoc` command: Django's management utility with dondoc's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "extract":
        # Reading a document needs no database and no Django start-up.
        from dondoc.ingest.cli import main as extract_main

        sys.exit(extract_main(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
