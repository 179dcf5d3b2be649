"""`dondoc extract FILE [--format json|text]` — runs the extractor without touching the database."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Extract header, references and tasks from a TXT/DOCX/PDF document (no database access)."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=("json", "text"), default="json")

    def handle(self, *args, **options):
        from dondoc.ingest.cli import main

        code = main([options["file"], "--format", options["format"]])
        if code:
            raise CommandError("Không đọc được tệp.", returncode=code)
