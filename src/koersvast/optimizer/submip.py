"""Sub-problems for large-neighbourhood search on large models: only the free initiatives.

Changing column bounds on the full model and re-running HiGHS costs a presolve of the whole
model every round (about a second at 2,000 initiatives, more than the round's time limit).
Here the plan outside the neighbourhood is folded into the data instead: its capacity use is
subtracted, its placements become start windows of the free initiatives (precedence) or
exclusions (exclusive groups), a kept together partner fixes the start of its free partners,
and a kept successor makes its free predecessor must-run with
a deadline. The result is a small ``Compiled`` with columns for the free initiatives only.
"""

from __future__ import annotations

import dataclasses

from koersvast.optimizer.compiled import Compiled


def sub_problem(c: Compiled, starts: dict[int, int], free: set[int]) -> Compiled | None:
    """The problem of re-placing ``free`` with the rest of ``starts`` fixed (None: no room)."""
    kept = {i: s for i, s in starts.items() if i not in free}
    n = c.size
    lo, hi = [1] * n, [0] * n  # everything outside the neighbourhood: no start at all
    must = [False] * n
    taken = {c.group[i] for i in kept if c.group[i] >= 0}
    preds: list[list[int]] = [[] for _ in range(n)]
    for i in free:
        lo[i], hi[i], must[i] = c.lo[i], c.hi[i], c.must[i]
        if c.group[i] >= 0 and c.group[i] in taken:
            lo[i], hi[i] = 1, 0
        for a in c.preds[i]:
            if a in free:
                preds[i].append(a)
            elif a in kept:
                lo[i] = max(lo[i], kept[a] + c.gap(a, i))
            else:
                lo[i], hi[i] = 1, 0  # its predecessor is not in the plan
    for b, s in kept.items():
        for a in c.preds[b]:
            if a in free:
                must[a] = True
                hi[a] = min(hi[a], s - c.gap(a, b))
    # Together groups move as a whole: a free member whose partner stays in the plan keeps
    # the partner's start; one whose partner is left out (and not free) stays out.
    teams: list[list[int]] = []
    for members in c.teams:
        inside = [i for i in members if i in free]
        if not inside:
            continue
        outside = [i for i in members if i not in free]
        fixed_at = {kept[i] for i in outside if i in kept}
        if len(fixed_at) > 1 or (fixed_at and any(i not in kept for i in outside)):
            return None  # the plan outside the neighbourhood already breaks the group
        if fixed_at:
            (s,) = fixed_at
            for i in inside:
                must[i] = True
                lo[i], hi[i] = max(lo[i], s), min(hi[i], s)
        elif outside:
            for i in inside:
                lo[i], hi[i] = 1, 0
        if any(must[i] for i in inside):
            for i in inside:
                must[i] = True
        first = max(lo[i] for i in inside)
        last = min(hi[i] for i in inside)
        for i in inside:
            lo[i], hi[i] = first, last
        if len(inside) > 1:
            teams.append(inside)
    if any(must[i] and hi[i] < lo[i] for i in free):
        return None
    succs: list[list[int]] = [[] for _ in range(n)]
    for b in free:
        for a in preds[b]:
            succs[a].append(b)
    groups = [[i for i in members if i in free and lo[i] <= hi[i]] for members in c.groups]
    return dataclasses.replace(
        c,
        cap=c.cap - c.usage(kept),
        lo=lo,
        hi=hi,
        must=must,
        preds=preds,
        succs=succs,
        groups=groups,
        teams=teams,
        team=[],
    )
