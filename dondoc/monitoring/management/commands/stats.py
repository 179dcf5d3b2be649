import json

from django.core.management.base import BaseCommand, CommandError

from dondoc.directives.queries import program_stats, split_done
from dondoc.directives.services import document_find
from dondoc.lib.calendar import parse_user_date


class Command(BaseCommand):
    help = "Số đơn vị đã/chưa thực hiện từng nhiệm vụ của một chương trình tính đến một ngày."

    def add_arguments(self, parser):
        parser.add_argument("program", help="Số, ký hiệu văn bản, ví dụ 02/CTr-BCH")
        parser.add_argument("--as-of", required=True, help="dd/mm/yyyy hoặc yyyy-mm-dd")
        parser.add_argument("--known-on", default="",
                            help="Số liệu như đã biết vào cuối ngày này (dd/mm/yyyy), bỏ qua những gì ghi nhận sau đó")
        parser.add_argument("--period", default="",
                            help="Kỳ báo cáo của nhiệm vụ định kỳ, ví dụ \"6 tháng cuối năm 2021\" "
                                 "(mặc định: kỳ đến hạn hoặc quá hạn vào ngày tính)")
        parser.add_argument("--units", action="store_true", help="Liệt kê đơn vị chưa thực hiện (tên tại ngày tính)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, program: str, as_of: str, known_on: str, period: str, units: bool, json: bool,
               **options):
        try:
            day = parse_user_date(as_of)
            known = parse_user_date(known_on) if known_on else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if known is not None and known < day:
            self.stderr.write(f"Lưu ý: số liệu tính đến {day:%d/%m/%Y} như đã biết vào {known:%d/%m/%Y} "
                              "(trước ngày tính) chỉ gồm những gì đã ghi nhận đến ngày đó.")
        document = document_find(program)
        if document is None:
            raise CommandError(f"Không tìm thấy văn bản số {program}.")
        period = period.strip()[:40]
        stats = program_stats(document, day, known_on=known, period=period)
        if period and not any(s.periods for s in stats):
            raise CommandError(f"Chương trình không có nhiệm vụ định kỳ nào có kỳ «{period}».")
        if json:
            self.stdout.write(_json(document.number, day, known, stats))
            return
        known_text = f", như đã biết vào {known:%d/%m/%Y}" if known else ""
        self.stdout.write(f"{document.number} ({document.date:%d/%m/%Y}) — tính đến {day:%d/%m/%Y}{known_text}")
        for s in stats:
            periods = f" [kỳ: {'; '.join(s.periods)}]" if s.periods else ""
            waiting = f" chờ xem xét {s.submitted:<4}" if s.submitted else ""
            self.stdout.write(f"  {s.task.ref:<6} {s.done:>5}/{s.total:<5} quá hạn {s.overdue:<5}{waiting} "
                              f"{s.task.title}{periods}")
            if units:
                _done, not_done = split_done(s.task, day, known_on=known, period=period)
                for a in not_done:
                    status = a.status_on(day)
                    label = {"overdue": "quá hạn", "submitted": "chờ xem xét"}.get(status, "chưa thực hiện")
                    extra = f" ({a.period_label})" if a.period_label else ""
                    self.stdout.write(f"         - {a.unit.name}{extra}: {label}")


def _json(number: str, day, known, stats) -> str:
    return json.dumps({
        "program": number, "as_of": day.isoformat(), "known_on": known.isoformat() if known else None,
        "tasks": [{"ref": s.task.ref, "title": s.task.title, "done": s.done, "total": s.total,
                   "overdue": s.overdue, "submitted": s.submitted, "periods": s.periods} for s in stats],
    }, ensure_ascii=False, indent=1)
