"""Calls for projects (``pages``) and the applications they receive (``applications``).

``applications`` is loaded first: the call page's form view (``calls.views``)
reads it while ``pages`` loads.
"""

from .applications import MAX_BUDGET, Application  # isort: skip
from .pages import CallIndexPage, CallPage, ProjectPage, euros

__all__ = ["MAX_BUDGET", "Application", "CallIndexPage", "CallPage", "ProjectPage", "euros"]
