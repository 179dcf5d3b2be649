from django.core.management.base import BaseCommand, CommandError

from dondoc.directives.services import ServiceError

from ... import cli, services
from ...models import Purpose


class Command(BaseCommand):
    help = "Báo cáo tình hình triển khai một chương trình tính đến một ngày (DOCX hoặc PDF)."

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        program, day, issued_on, out = cli.parse(options)
        try:
            if options["issue"]:
                paper = services.report_issue(program=program, as_of=day, date=issued_on, known_on=options["known_on"],
                                              unit=options["issuer_unit"])
                cli.write(self, out, paper=paper)
            else:
                cli.write(self, out, draft=services.draft_docx(purpose=Purpose.REPORT, program=program, as_of=day,
                                                               known_on=options["known_on"],
                                                               unit=options["issuer_unit"]))
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
