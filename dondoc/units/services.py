"""Registry imports started from the site: stored, queued, run by the worker, progress kept on the row."""

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from .importing import ImportError_, check_registry_file, import_units
from .models import ImportState, UnitImport


def unit_import_start(*, filename: str, data: bytes, by) -> UnitImport:
    checked = check_registry_file(data, filename)
    job = UnitImport(filename=checked.name, created_by=by)
    job.file.save(checked.stored_name, ContentFile(data), save=False)
    job.save()
    transaction.on_commit(lambda: unit_import_task.enqueue(job.pk))
    return job


def unit_import_run(*, job_id: int) -> None:
    job = UnitImport.objects.get(pk=job_id)
    if job.state not in (ImportState.QUEUED, ImportState.RUNNING):
        return
    UnitImport.objects.filter(pk=job.pk).update(state=ImportState.RUNNING)

    def progress(stage: str, done: int, total: int) -> None:
        # Outside the import's transaction these are seen at once; inside it, at its end.
        UnitImport.objects.filter(pk=job.pk).update(stage=stage, done=done, total=total)

    with job.file.open("rb") as handle:
        data = handle.read()
    try:
        result = import_units(data, job.filename, progress=progress)
    except ImportError_ as exc:
        UnitImport.objects.filter(pk=job.pk).update(state=ImportState.FAILED, errors=exc.errors)
        return
    UnitImport.objects.filter(pk=job.pk).update(
        state=ImportState.DONE, summary=f"{result.created} đơn vị mới, {result.updated} cập nhật, "
                                        f"{result.successions} quan hệ kế thừa.")


@task()
def unit_import_task(job_id: int) -> None:
    unit_import_run(job_id=job_id)
