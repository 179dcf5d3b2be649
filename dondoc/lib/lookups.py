"""A safety net under every id lookup: `in` on an integer column ignores values no such column can hold.

Django already answers `pk=2**63` with "no rows" without asking the database (its exact/lt/gt lookups on
integer fields); `pk__in=[2**63]` still reaches the driver, which raises OverflowError (SQLite) or
NumericValueOutOfRange (PostgreSQL): a 500 from any form or query that forgot to check its ids first.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            except KeyError:  # not an integer column after all (a cast)
                low = high = None
            self.rhs = [value for value in self.rhs if not isinstance(value, int)
                        or ((low is None or value >= low) and (high is None or value <= high))]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
