"""Whether the app's data folder can hold autosaves: the one file check the window makes before any review (no Qt).

Every review's files are the workspace's (`wizard.workspace`, which exports the
same check). Start-up asks before the workspace and the core behind it are
loaded (they load after the first paint), so the check is also here, light.
"""

from __future__ import annotations

from wizard.fsio import usable_folder

__all__ = ["usable_folder"]
