from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dondoc.core.backup import BackupError, backup_restore
from dondoc.core.reference import reference_data_ensure


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp từ một bản sao lưu (ghi đè dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu do `dondoc backup` tạo ra")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại trước khi ghi đè.")

    def handle(self, *args, file: str, yes: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu «{path}».")
        if not yes:
            answer = input("Khôi phục sẽ ghi đè toàn bộ dữ liệu và tệp hiện có. Gõ «co» để tiếp tục: ")
            if answer.strip().lower() not in ("co", "có"):
                raise CommandError("Đã hủy, không thay đổi gì.")
        try:
            manifest = backup_restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã khôi phục bản sao lưu ngày {manifest['created_at']} ({manifest['files']} tệp).")
        added = reference_data_ensure()  # an archive made after the tables were emptied lacks them
        if any(added.values()):
            self.stdout.write(f"Đã bổ sung dữ liệu tham chiếu: {added['holidays']} ngày nghỉ lễ, "
                              f"{added['reminder_rules']} quy tắc nhắc việc mặc định.")
