from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dondoc.core import demo
from dondoc.core.reference import reference_data_ensure
from dondoc.units.models import Unit


class Command(BaseCommand):
    help = "Tạo cơ sở dữ liệu và nạp dữ liệu minh họa (tình hình Thông báo 462/TB-TLĐ)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Xóa toàn bộ dữ liệu rồi nạp lại.")
        parser.add_argument("--if-empty", action="store_true", help="Chỉ nạp khi cơ sở dữ liệu còn trống.")
        parser.add_argument("--with-2025", action="store_true",
                            help="Bước thứ hai: áp dụng thay đổi danh mục năm 2025 (63 → 34 tỉnh, hiệu lực "
                                 "01/07/2025) lên danh mục năm 2021 của bản demo.")

    def handle(self, *args, reset: bool, if_empty: bool, with_2025: bool, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if Unit.objects.exists() and not reset:
            if with_2025 and Unit.objects.filter(code=demo.UNNAMED_83RD).exists():
                self._reorganise()  # the second step, on the demo already loaded
                return
            if if_empty:
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; giữ nguyên.")
                return
            raise CommandError("Cơ sở dữ liệu đã có dữ liệu. Dùng --reset để xóa và nạp lại bản demo.")
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            reference_data_ensure()  # the calendar and default reminder rules the migrations seeded
        logins = demo.load_demo()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa: Chương trình 02/CTr-BCH, Thông báo 462/TB-TLĐ."))
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {demo.PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.role:<8} {login.unit}")
        if with_2025:
            self._reorganise()

    def _reorganise(self) -> None:
        try:
            plan = demo.load_2025()
        except demo.AlreadyApplied:
            raise CommandError("Thay đổi danh mục năm 2025 đã được áp dụng trên cơ sở dữ liệu này.") from None
        self.stdout.write(self.style.SUCCESS(
            f"Đã áp dụng thay đổi danh mục hiệu lực từ 01/07/2025: {len(plan.created)} đơn vị thành lập, "
            f"{len(plan.renamed)} đổi tên, {len(plan.ended)} kết thúc (sáp nhập, hợp nhất, giải thể)."))
