"""The equal share: a call's budget divided equally among its accepted projects.

Brest's rule, since 2003: the budget of a call for projects is divided equally
among the projects accepted, whatever each asked for. Each share is rounded
down to the euro, so the shares never add up to more than the budget; what is
left is shown as such ("€1 left undivided"), never spread unevenly.
"""

from dataclasses import dataclass

__all__ = ["Share", "equal_share"]


@dataclass(frozen=True)
class Share:
    """``projects`` accepted projects of a ``budget`` (whole euros) each receive ``each`` euros."""

    budget: int
    projects: int
    each: int  # 0 when no project is accepted
    undivided: int  # what is left once every project has its share

    @property
    def divided(self):
        return self.projects > 0


def equal_share(budget, projects):
    """The share each of ``projects`` accepted projects receives from ``budget`` euros.

    Rounded down to the euro; the remainder is ``undivided``. With no project
    accepted nothing is divided: the whole budget is left.
    """
    budget = int(budget or 0)
    projects = int(projects or 0)
    if budget < 0 or projects < 0:
        raise ValueError("a budget and a number of projects are never negative")
    if projects == 0:
        return Share(budget=budget, projects=0, each=0, undivided=budget)
    each, undivided = divmod(budget, projects)
    return Share(budget=budget, projects=projects, each=each, undivided=undivided)
