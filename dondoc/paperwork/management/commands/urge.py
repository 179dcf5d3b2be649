from django.core.management.base import BaseCommand, CommandError

from dondoc.directives.services import ServiceError
from dondoc.lib.calendar import parse_user_date

from ... import cli, services
from ...models import Purpose
from ...queries import late_by_task


class Command(BaseCommand):
    help = "Công văn đôn đốc các đơn vị chậm thực hiện một chương trình (DOCX hoặc PDF)."

    def add_arguments(self, parser):
        cli.add_arguments(parser)
        parser.add_argument("--new-deadline", help="Hạn mới (mặc định: 10 ngày làm việc sau ngày ban hành)")
        parser.add_argument("--task", action="append", dest="refs", help="Chỉ đôn đốc nhiệm vụ có mục này")

    def handle(self, *args, **options):
        program, day, issued_on, out = cli.parse(options)
        try:
            deadline = parse_user_date(options["new_deadline"]) if options.get("new_deadline") else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if deadline is not None and deadline <= day:
            raise CommandError("Hạn mới phải sau ngày tính số liệu.")
        refs = options.get("refs")
        if refs and not program.tasks.filter(ref__in=refs).exists():
            raise CommandError(f"Chương trình {program.number} không có nhiệm vụ mục {', '.join(refs)}.")
        known_on, unit = options["known_on"], options["issuer_unit"]
        try:
            if options["issue"]:
                paper = services.urge_issue(program=program, as_of=day, new_deadline=deadline, refs=refs,
                                            date=issued_on, known_on=known_on, unit=unit)
                cli.write(self, out, paper=paper)
            else:
                cli.write(self, out, draft=services.draft_docx(purpose=Purpose.URGE, program=program, as_of=day,
                                                               new_deadline=deadline, refs=refs, known_on=known_on,
                                                               unit=unit))
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        for task, rows in late_by_task(program, day, refs, known_on, within=unit):
            self.stdout.write(f"  {task.ref} {task.title}: {len(rows)} đơn vị chậm")
            for x in rows:
                period = f" ({x.assignment.period_label})" if x.assignment.period_label else ""
                self.stdout.write(f"    - {x.assignment.unit.name}{period}")
