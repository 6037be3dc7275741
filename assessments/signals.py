"""Signals assessments sends for the apps above it (they may not be imported from here).

``judgement_recorded``
    Sent by ``services.judgement.judgement_record`` inside its transaction, right after the
    new ``Judgement`` row is saved, with ``judgement=<Judgement>`` (``sender`` is
    ``Judgement``). A receiver's writes belong to the same transaction: if it raises, the
    judgement is not recorded either. Receivers hold no logic of their own; each calls one
    service of its app (``certificates`` issues the certificate a *Competente* earns). Side
    effects (e-mail, files) go through ``transaction.on_commit`` as everywhere else.
"""

from django.dispatch import Signal

judgement_recorded = Signal()
