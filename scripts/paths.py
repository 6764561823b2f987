"""The project's root folder: the one place it is worked out (every path of the project starts here)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
