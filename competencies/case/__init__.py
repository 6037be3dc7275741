"""Standards as 1EdTech CASE 1.1 packages (``CFPackage``): writing and reading, no database.

One package holds one framework. Its ``CFDocument`` is the framework; its ``CFItems`` are the
standards, elements and criteria, each typed by ``CFItemType`` (``Standard``, ``Element``, and
one criterion type per kind: ``Performance Criterion`` …); ``isChildOf`` associations give the
hierarchy (a standard is a child of the document, an element of its standard, a criterion of
its element, numbered by ``sequenceNumber``); crosswalk entries are ``exactMatchOf`` (full) or
``isRelatedTo`` (partial) associations from the source node to the target node, the rationale
in ``notes``.

Languages: CASE gives every document and item one ``language`` and one ``fullStatement``. A
package is written in one chosen language (the statements, titles and notes are in it, and
``language`` says so); the texts of every language travel in the ``extensions`` object of each
document, item and association (``extensions.texts``), together with what CASE has no field
for (level, version, thresholds, knowledge level, validity). A CASE tool that ignores extensions
reads a complete framework in the chosen language; Puente reads both languages back. A package
in the other language from another source is paired by identifier: its statements fill that
language's texts.

Identifiers are UUID 5 of the site's host name and the node's code (framework slug, standard
code and version, element and criterion numbers), so every export of a node carries the same
identifier and a package imported elsewhere and exported again keeps them.

``case_package`` turns the standards JSON document (``competencies.selectors.standards_export``)
of one framework into a package; ``case_read`` turns a package back into that document, with
every problem at its JSON path in the package and what it leaves out (items of other types,
crosswalk ends that are neither in the file nor on the site). The document is then imported by
``competencies.services.standards_import`` like any JSON file, so each rule is stated once.
"""

from .reading import CaseReading, case_read, is_case_package
from .vocabulary import CASE_VERSION, CRITERION_TYPES, case_namespace, node_identifier
from .writing import case_package

__all__ = [
    "CASE_VERSION",
    "CRITERION_TYPES",
    "CaseReading",
    "case_namespace",
    "case_package",
    "case_read",
    "is_case_package",
    "node_identifier",
]
