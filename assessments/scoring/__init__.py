"""Pure scoring: plain values in, plain results out, no ORM (DESIGN principle 3).

``items`` holds the graders of single answers (each item type in ``assessments.item_types``
calls the one it needs); ``competency`` turns item results and evaluator evidence into
per-criterion scores, element results and the standard's judgement.
"""

from .items import InvalidResponse, ItemResult

__all__: list[str] = ["InvalidResponse", "ItemResult"]
