"""The CONOCER evaluation documents as PDFs: a candidate's ficha de registro and diagnóstico,
the IEC of a standard, a plan de evaluación, a judgement's cédula and the portfolio of evidence.

Each document is printed in Spanish (CONOCER's terms and headings, in its order) or in English
(the same data for the US side), from the records as they are: nothing is recomputed. Each
carries a verification code and a QR to its public page (``registry``). The renderers live in
one module each (``cedula``, ``iec``, ``plan``, ``portfolio``, ``registration``); this package
imports none of them, so ``models`` loads without WeasyPrint.
"""
