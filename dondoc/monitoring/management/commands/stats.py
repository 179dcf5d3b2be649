import json

from django.core.management.base import BaseCommand, CommandError

from dondoc.directives.queries import program_stats
from dondoc.directives.services import document_find
from dondoc.lib.calendar import parse_user_date


class Command(BaseCommand):
    help = "Số đơn vị đã/chưa thực hiện từng nhiệm vụ của một chương trình tính đến một ngày."

    def add_arguments(self, parser):
        parser.add_argument("program", help="Số, ký hiệu văn bản, ví dụ 02/CTr-BCH")
        parser.add_argument("--as-of", required=True, help="dd/mm/yyyy hoặc yyyy-mm-dd")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, program: str, as_of: str, json: bool, **options):
        try:
            day = parse_user_date(as_of)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        document = document_find(program)
        if document is None:
            raise CommandError(f"Không tìm thấy văn bản số {program}.")
        stats = program_stats(document, day)
        if json:
            self.stdout.write(_json(document.number, day, stats))
            return
        self.stdout.write(f"{document.number} ({document.date:%d/%m/%Y}) — tính đến {day:%d/%m/%Y}")
        for s in stats:
            self.stdout.write(f"  {s.task.ref:<6} {s.done:>5}/{s.total:<5} quá hạn {s.overdue:<5} {s.task.title}")


def _json(number: str, day, stats) -> str:
    return json.dumps({
        "program": number, "as_of": day.isoformat(),
        "tasks": [{"ref": s.task.ref, "title": s.task.title, "done": s.done, "total": s.total,
                   "overdue": s.overdue} for s in stats],
    }, ensure_ascii=False, indent=1)
