from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dondoc.core import demo
from dondoc.units.models import Unit


class Command(BaseCommand):
    help = "Tạo cơ sở dữ liệu và nạp dữ liệu minh họa (tình hình Thông báo 462/TB-TLĐ)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Xóa toàn bộ dữ liệu rồi nạp lại.")
        parser.add_argument("--if-empty", action="store_true", help="Chỉ nạp khi cơ sở dữ liệu còn trống.")

    def handle(self, *args, reset: bool, if_empty: bool, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if Unit.objects.exists():
            if if_empty:
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; giữ nguyên.")
                return
            if not reset:
                raise CommandError("Cơ sở dữ liệu đã có dữ liệu. Dùng --reset để xóa và nạp lại bản demo.")
            call_command("flush", interactive=False, verbosity=0)
        logins = demo.load_demo()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa: Chương trình 02/CTr-BCH, Thông báo 462/TB-TLĐ."))
        self.stdout.write(f"Tài khoản demo (mật khẩu chung: {demo.PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.role:<8} {login.unit}")
