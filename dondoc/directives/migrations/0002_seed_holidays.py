from django.db import migrations


def seed(apps, schema_editor):
    from dondoc.directives.holidays_seed import vietnam_holidays

    Holiday = apps.get_model("directives", "Holiday")
    existing = set(Holiday.objects.values_list("date", flat=True))
    Holiday.objects.bulk_create(
        Holiday(date=day, name=name[:200], day_off=True)
        for day, name in sorted(vietnam_holidays(2015, 2035).items()) if day not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
