"""Background work of the paperwork app, processed by the queue worker (`dondoc worker` / `db_worker`)."""

from django_tasks import task


@task()
def paper_render_pdf(paper_id: int) -> str:
    from . import services
    from .models import IssuedPaper

    paper = IssuedPaper.objects.filter(pk=paper_id).first()
    if paper is None:
        return "missing"
    return services.paper_pdf_render(paper=paper).pdf_state
