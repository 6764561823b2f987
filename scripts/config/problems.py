"""What every rule reports: one problem in one editor file, as `path:line: what is wrong — how to fix it`.

The bottom of the project's imports: rules, readers of editor files and the commands all speak it.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} — {self.fix}"
