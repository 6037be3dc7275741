"""Pure scoring: plain values in, plain results out, no ORM (DESIGN principle 3).

``items`` grades one answer of each item type; ``competency`` turns item results and
evaluator evidence into per-criterion scores, element results and the standard's judgement.
"""

from .items import InvalidResponse, ItemResult, grade, normalize_response

__all__: list[str] = ["InvalidResponse", "ItemResult", "grade", "normalize_response"]
