"""Domain layer: typed models, enums, permissions and pure rules. No Qt.

Importing it loads every model module, so ``Base.metadata`` always holds every table (the
migrations, the state digest and the merge of two person records rely on that).
"""

from rjdesk.domain import icvc_models, models  # noqa: F401
