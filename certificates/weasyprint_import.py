"""WeasyPrint as Puente imports it: every module that renders a PDF takes WeasyPrint from here
(an import-linter contract), so that what WeasyPrint loads on import but a certificate never
runs stays unloaded.

WeasyPrint imports fontTools' subsetter and variable-font instancer with itself
(``weasyprint.pdf.fonts``) and calls them only when HarfBuzz cannot subset a font (the
subsetter: ``scripts/system-packages.sh`` installs HarfBuzz's) and for a variable font (the
instancer: the certificate's and the documents' DejaVu faces are static). Loaded, the two
cost a process 13.5 MiB, and a worker 9 MiB of its peak (issue 21: 154 MiB against 150).
Here each stands in ``sys.modules`` (``DeferredModule``) until something of it is used: then
the real module is imported and serves from then on, so a font that needs it is rendered as
before, only later is it loaded.

Considered: the standard library's ``importlib.util.LazyLoader`` loads a module at its first
attribute access, which WeasyPrint's ``from fontTools.varLib.instancer import
instantiateVariableFont`` is (the instancer would load at once); ``lazy_loader`` defers a
package's own submodules, not the imports of another library.
"""

import importlib
import sys
import threading
import types


class DeferredModule(types.ModuleType):
    """Stands in ``sys.modules`` for the module ``name`` until it is used. ``functions`` are
    names imported from it (``from name import function``): each is a function that imports
    the real module when called and calls its own. Any other name imports it at once."""

    def __init__(self, name: str, functions: tuple[str, ...] = ()):
        super().__init__(name)
        self._loading = threading.Lock()
        for function in functions:
            setattr(self, function, self._deferred_call(function))

    def _deferred_call(self, function: str):
        def call(*args, **kwargs):
            return getattr(self._module(), function)(*args, **kwargs)

        call.__name__ = call.__qualname__ = function
        return call

    def _module(self) -> types.ModuleType:
        with self._loading:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            return importlib.import_module(self.__name__)

    def __getattr__(self, attribute: str):
        # Dunder names are what tools iterating ``sys.modules`` look for (``__file__``):
        # absent, and no reason to load the module.
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(self._module(), attribute)


def module_defer(name: str, functions: tuple[str, ...] = ()) -> None:
    """Put a ``DeferredModule`` in place of ``name``, unless something has imported it."""
    if name not in sys.modules:
        sys.modules[name] = DeferredModule(name, functions)


module_defer("fontTools.subset")
module_defer("fontTools.varLib.instancer", ("instantiateVariableFont",))

from weasyprint import CSS, HTML, Attachment  # noqa: E402 — after the modules are deferred
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

__all__ = ["CSS", "HTML", "Attachment", "FontConfiguration", "URLFetcher", "URLFetcherResponse"]
