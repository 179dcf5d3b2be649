from django.db import migrations


def seed(apps, schema_editor):
    from dondoc.directives.holidays_seed import seed_holidays

    seed_holidays(apps.get_model("directives", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
