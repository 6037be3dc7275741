"""The CONOCER evaluation documents as PDFs: a candidate's plan de evaluación, the IEC of a
standard and a judgement's cédula.

Each document is printed in Spanish (CONOCER's terms and headings, in its order) or in English
(the same data for the US side), from the records as they are: nothing is recomputed.
"""

from .cedula import cedula_pdf
from .iec import iec_pdf
from .plan import plan_pdf

__all__ = ["cedula_pdf", "iec_pdf", "plan_pdf"]
