"""Domain layer: typed models, enums, permissions and pure rules, a package per program area.
No Qt.

Importing it loads every model module, so ``Base.metadata`` always holds every table (the
migrations, the state digest and the merge of two person records rely on that).
"""

from rjdesk.domain.boards import models as boards_models  # noqa: F401 - registers its tables
from rjdesk.domain.core import models as core_models  # noqa: F401 - registers its tables
from rjdesk.domain.icvc import models as icvc_models  # noqa: F401 - registers its tables
from rjdesk.domain.people import models as people_models  # noqa: F401 - registers its tables
from rjdesk.domain.reparative import models as reparative_models  # noqa: F401 - registers its tables
from rjdesk.domain.volunteers import models as volunteer_models  # noqa: F401 - registers its tables
