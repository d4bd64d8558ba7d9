"""What a store raises when its database is unreachable, locked or busy.

Every flow catches these to tell the caller "technical difficulty" itself instead of
leaving it to the router's catch-all, which would also swallow programming errors.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

# SQLAlchemy wraps driver errors ("database is locked", a dropped PostgreSQL connection);
# a refused or reset connection while (re)connecting surfaces as OSError, a connect
# that never completes as TimeoutError.
STORE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, OSError, TimeoutError)
