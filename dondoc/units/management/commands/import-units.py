from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dondoc.units.importing import ImportError_, import_units


class Command(BaseCommand):
    help = "Nhập danh mục đơn vị từ tệp CSV hoặc Excel (.xlsx); có lỗi thì không nhập dòng nào."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")

        stages = {"read": "Đọc tệp", "check": "Kiểm tra", "write": "Ghi"}

        def progress(stage: str, done: int, total: int) -> None:
            share = f" ({done * 100 // total}%)" if total else ""
            of = f"/{total:,}" if total else ""
            self.stderr.write(f"\r  {stages[stage]}: {done:,}{of} dòng{share}   ", ending="")

        try:
            result = import_units(path.read_bytes(), path.name, progress=progress)
        except ImportError_ as exc:
            self.stderr.write("")
            raise CommandError("Tệp có lỗi, chưa nhập dòng nào:\n" + "\n".join(exc.errors)) from None
        self.stderr.write("")
        self.stdout.write(self.style.SUCCESS(
            f"Đã nhập: {result.created} đơn vị mới, {result.updated} cập nhật, {result.successions} quan hệ kế thừa."))
