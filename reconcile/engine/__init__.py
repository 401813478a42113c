"""Bank-reconciliation matching engine: pure Python core, no Django/ORM.

    from reconcile.engine import Line, match
    result = match(bank=[Line(...)], journal=[Line(...)], window_days=3)

See ``api.match`` for the stages and ``types`` for the value types.
"""

from .api import match
from .types import Line, MatchGroup, MatchResult, WorkingCalendar

__all__ = ["Line", "MatchGroup", "MatchResult", "WorkingCalendar", "match"]
