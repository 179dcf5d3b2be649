"""Signals units send so that higher apps can follow (units imports none of them)."""

from django.dispatch import Signal

# Sent with `units` (Unit objects carrying their new values) before a bulk_update writes them: apps that keep
# figures grouped by a unit's kind, province or parent move them (directives.counts). save() sends pre_save as
# usual; a bulk update of those fields that sends neither leaves the figures wrong until `dondoc counts --rebuild`.
units_regrouping = Signal()
