from django.core.management.base import BaseCommand, CommandError

from dondoc.directives.services import document_find
from dondoc.monitoring import scale


class Command(BaseCommand):
    help = ("Tạo dữ liệu quy mô lớn: danh mục đơn vị đến công đoàn cơ sở và một kế hoạch giao nhiệm vụ cho "
            "mọi công đoàn cơ sở (dùng để thử bảng theo dõi và đo tốc độ).")

    def add_arguments(self, parser):
        parser.add_argument("--grassroots", type=int, default=130_000, help="Số công đoàn cơ sở (mặc định 130000)")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, grassroots: int, seed: int, **options):
        if not 1 <= grassroots <= 500_000:
            raise CommandError("Số công đoàn cơ sở phải từ 1 đến 500000.")
        if document_find(scale.NUMBER) is not None:
            raise CommandError(f"Cơ sở dữ liệu này đã có dữ liệu quy mô lớn (kế hoạch {scale.NUMBER}); "
                               "hãy dùng một cơ sở dữ liệu mới.")
        document = scale.build(grassroots=grassroots, seed=seed, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo kế hoạch {document.number} (mã {document.pk}); xem tại /theo-doi/chuong-trinh/{document.pk}/"
            f"?ngay={scale.AS_OF:%d/%m/%Y}"))
