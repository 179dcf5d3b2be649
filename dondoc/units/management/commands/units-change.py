from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dondoc.lib.calendar import parse_user_date
from dondoc.units.changes import ChangeError, Plan, change_apply, change_plan, read_change


class Command(BaseCommand):
    help = ("Áp dụng một thay đổi danh mục đơn vị (thành lập, đổi tên, chuyển, hợp nhất, chia tách, giải thể) có "
            "hiệu lực từ một ngày, từ tệp CSV hoặc Excel; có lỗi thì không thay đổi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .csv hoặc .xlsx: action, code, name, short_name, kind, parent, "
                                         "successors, province, note")
        parser.add_argument("--effective", required=True, help="Ngày hiệu lực (dd/mm/yyyy)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước những gì sẽ thay đổi")

    def handle(self, *args, file: str, effective: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            day = parse_user_date(effective)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            rows = read_change(path.read_bytes(), path.name)
            if dry_run:
                plan = change_plan(rows, day)
            else:
                change, plan = change_apply(rows=rows, effective=day, filename=path.name, source="command")
        except ChangeError as exc:
            raise CommandError("Tệp có lỗi, không thay đổi gì:\n" + "\n".join(exc.errors)) from None
        write_plan(self.stdout, plan)
        if dry_run:
            self.stdout.write("Xem trước: chưa thay đổi gì (bỏ --dry-run để áp dụng).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã áp dụng thay đổi hiệu lực từ {day:%d/%m/%Y} (bản ghi số "
                                                 f"{change.pk})."))


def write_plan(out, plan: Plan) -> None:
    out.write(f"Thay đổi hiệu lực từ {plan.effective:%d/%m/%Y}: {len(plan.created)} đơn vị thành lập, "
              f"{len(plan.renamed)} đổi tên, {len(plan.moved)} chuyển đơn vị cấp trên, {len(plan.ended)} kết thúc.")
    for title, lines in (("Đơn vị", plan.created + plan.renamed + plan.moved + plan.ended), *plan.consequences):
        if lines:
            out.write(f"{title}:")
            for line in lines:
                out.write(f"  - {line.what}: {line.unit}{' — ' + line.detail if line.detail else ''}")
