import io

from django.core.management import call_command

from dondoc.core.demo import load_demo
from dondoc.reminders import services
from dondoc.reminders.models import Digest, Reminder


def test_remind_dry_run_on_26_11_2021_lists_the_departments_whose_progress_plans_are_due(db):
    load_demo()
    services.rules_defaults_ensure()
    out = io.StringIO()
    call_command("remind", "--dry-run", "--on", "26/11/2021", stdout=out)
    text = out.getvalue()
    lines = [line for line in text.splitlines() if "2.3 Gửi kế hoạch tiến độ" in line]
    assert len(lines) == 9 and all("hạn 30/11/2021" in line for line in lines)
    for sent in ("Ban Tuyên giáo", "Ban Tổ chức"):  # sent their plans on 22/11 and 24/11
        assert sent not in text
    assert "== vienccd <vienccd@dondoc.local> — 1 nhiệm vụ" in text  # the one department with an account
    assert "Văn phòng Tổng Liên đoàn Lao động Việt Nam [đơn vị chưa có tài khoản]" in text  # listed for the monitor
    assert not Reminder.objects.exists() and not Digest.objects.exists()
