from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dondoc.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một tệp (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu sẽ ghi, ví dụ dondoc-2026-01-05.tar.gz")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.parent.resolve().is_dir():
            raise CommandError(f"Thư mục «{path.parent}» không tồn tại.")
        try:
            manifest = backup_create(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã sao lưu ({manifest['engine']}, {manifest['files']} tệp) vào {path}.")
