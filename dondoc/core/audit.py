"""Every change to a domain object is recorded (who, when, before/after) by django-auditlog."""

from auditlog.registry import auditlog


def _reverse_relations(model) -> list[str]:
    """Relations seen from the other side: django-auditlog records them on deletion as "app.Model.None",
    which says nothing and which it cannot display when the other model's key is composite."""
    return [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]


def register_models() -> None:
    from dondoc.accounts.models import User
    from dondoc.directives.models import Assignment, Document, DocumentLink, Holiday, Task
    from dondoc.paperwork.models import Conclusion, IssuedPaper, Meeting, PaperTemplate, Register
    from dondoc.reminders.models import ExtensionRequest, ReminderRule
    from dondoc.submissions.models import Attachment, Submission
    from dondoc.units.models import RegistryChange, Succession, Unit, UnitVersion

    if not auditlog.contains(Task):  # who the task is given to is part of its history
        auditlog.register(Task, m2m_fields={"lead_units", "coordinators", "report_to"},
                          exclude_fields=_reverse_relations(Task))
    for model in (Unit, Succession, RegistryChange, UnitVersion, Document, DocumentLink, Assignment, Holiday,
                  Submission, Attachment,
                  PaperTemplate, Register, Meeting, Conclusion, IssuedPaper, ReminderRule, ExtensionRequest):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=_reverse_relations(model))
    from dondoc.accounts.models import ApiToken

    if not auditlog.contains(ApiToken):
        auditlog.register(ApiToken, exclude_fields=["digest", *_reverse_relations(ApiToken)])
    if not auditlog.contains(User):
        auditlog.register(User, exclude_fields=["password", "last_login", *_reverse_relations(User)])
