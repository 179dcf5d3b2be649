from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dondoc.lib.calendar import parse_user_date
from dondoc.reminders.sweep import sweep_run


class Command(BaseCommand):
    help = "Quét nhắc việc cho một ngày: ghi các lượt nhắc và thư tổng hợp (hoặc chỉ in ra với --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("--on", default="", help="Ngày quét (dd/mm/yyyy; mặc định hôm nay).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in những gì sẽ gửi, không ghi gì.")

    def handle(self, *args, on: str, dry_run: bool, **options):
        try:
            day = parse_user_date(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        result = sweep_run(day=day, dry_run=dry_run, details=True)
        verb = "Sẽ gửi" if dry_run else "Đã ghi"
        self.stdout.write(f"{verb} {result.digests} thư nhắc việc ngày {day:%d/%m/%Y} "
                          f"({result.reminders} lượt nhắc mới).")
        for plan in sorted(result.planned, key=lambda p: p.recipient):
            who = plan.user.username if plan.user else plan.address
            address = plan.address if plan.user else ""
            self.stdout.write(f"\n== {who} <{address}> — {plan.total} nhiệm vụ" if address
                              else f"\n== {who} (chỉ thông báo trong hệ thống) — {plan.total} nhiệm vụ")
            for item in plan.items:
                late = "quá hạn" if item.due < day else ("hôm nay" if item.due == day else "sắp đến hạn")
                flag = " [đơn vị chưa có tài khoản]" if item.orphan else ""
                self.stdout.write(f"  - {item.unit}{flag}: {item.task} ({item.document}) "
                                  f"hạn {item.due:%d/%m/%Y}, {late}")
            if plan.total > len(plan.items):
                self.stdout.write(f"  ... và {plan.total - len(plan.items)} nhiệm vụ khác (xem trong hệ thống)")
