import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dondoc.directives import counts
from dondoc.lib.calendar import parse_user_date


class Command(BaseCommand):
    help = ("Bảng số liệu tổng hợp theo nhiệm vụ (đọc nhanh cho bảng theo dõi): kiểm tra khớp với dữ liệu giao "
            "nhiệm vụ, hoặc tính lại từ đầu.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="So sánh với số đếm trực tiếp trên dữ liệu giao nhiệm vụ (thoát mã 1 nếu lệch)")
        parser.add_argument("--rebuild", action="store_true", help="Tính lại toàn bộ bảng từ dữ liệu giao nhiệm vụ")
        parser.add_argument("--on", action="append", default=[],
                            help="Ngày tính để so sánh (dd/mm/yyyy), có thể ghi nhiều lần; mặc định: hôm nay, "
                                 "30 và 365 ngày trước")

    def handle(self, *args, check: bool, rebuild: bool, on: list[str], **options):
        if not (check or rebuild):
            raise CommandError("Hãy chọn --check (kiểm tra) hoặc --rebuild (tính lại).")
        try:
            days = [parse_user_date(d) for d in on]
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if rebuild:
            rows = counts.rebuild()
            self.stdout.write(f"Đã tính lại bảng số liệu tổng hợp: {rows:,} dòng.")
        if check:
            today = timezone.localdate()
            days = days or [today, today - dt.timedelta(days=30), today - dt.timedelta(days=365)]
            problems = counts.mismatches(days)
            for line in problems:
                self.stdout.write(line)
            if problems:
                self.stderr.write(f"Bảng số liệu tổng hợp lệch với dữ liệu giao nhiệm vụ ({len(problems)} chỗ); "
                                  "chạy `dondoc counts --rebuild` để tính lại.")
                raise SystemExit(1)
            self.stdout.write("Bảng số liệu tổng hợp khớp với dữ liệu giao nhiệm vụ vào các ngày "
                              + ", ".join(f"{d:%d/%m/%Y}" for d in days) + ".")
