"""The admin's "upload, preview, confirm" screen, shared by every import (issue 18).

The question bank's and the standards' imports work the same way: the upload shows what the
file would create, update or leave out and every problem at its place, and writes nothing;
the administrator then confirms, and the same file, carried back in the confirmation form,
is imported whole or not at all. This view holds that flow, the permission check and the
breadcrumbs once; each import says how to run its service (``run``) and what its success
message is. It lives in the lowest layer so that every app's admin may use it.
"""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .upload_forms import UploadConfirmForm


class UploadPreviewView(WagtailAdminTemplateMixin, FormView, ABC):
    """Upload → preview (nothing written) → confirm (all or nothing).

    Subclasses set ``form_class`` (a ``file`` field and the options), ``confirm_form_class``,
    ``template_name``, ``page_title``, ``index_url_name`` and ``index_label``, and implement the
    abstract ``permitted``, ``run`` and ``success_message`` (a screen missing one cannot open).
    The template receives ``report`` (what ``run`` returned), ``file_name`` and, when the file
    can be imported, ``confirm``.
    """

    confirm_form_class = UploadConfirmForm
    index_url_name = ""
    index_label = ""
    header_icon = "upload"

    @abstractmethod
    def permitted(self, user) -> bool:
        """Whether ``user`` may import with this screen."""

    @abstractmethod
    def run(self, *, raw: bytes, options: dict, commit: bool) -> tuple[object, bool]:
        """Run the import (``commit`` false: a preview that writes nothing); return the report
        to show and whether the file is accepted."""

    @abstractmethod
    def success_message(self, report, file_name: str) -> str:
        """The message shown once the confirmed file is imported."""

    def confirmed_options(self, report, options: dict) -> dict:
        """The options carried to the confirmation (e.g. the format the preview recognised)."""
        return options

    def dispatch(self, request, *args, **kwargs):
        if not self.permitted(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=_("Preview"),
            submit_button_active_label=_("Reading the file…"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "content" in request.POST:
            return self.confirm(self.confirm_form_class(request.POST))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        raw = upload.read()
        options = {name: value for name, value in form.cleaned_data.items() if name != "file"}
        report, accepted = self.run(raw=raw, options=options, commit=False)
        confirm = None
        if accepted:
            confirm = self.confirm_form_class(
                initial={
                    "content": base64.b64encode(raw).decode(),
                    "file_name": upload.name,
                    **self.confirmed_options(report, options),
                }
            )
        context = self.get_context_data(
            form=form, report=report, file_name=upload.name, confirm=confirm
        )
        return self.render_to_response(context)

    def confirm(self, confirm: UploadConfirmForm):
        if not confirm.is_valid():
            messages.error(self.request, gettext("Upload the file again."))
            return redirect(self.request.path)
        data = dict(confirm.cleaned_data)
        raw, file_name = data.pop("content"), data.pop("file_name")
        report, accepted = self.run(raw=raw, options=data, commit=True)
        if not accepted:
            messages.error(
                self.request,
                gettext("%(file)s was not imported; nothing was saved.") % {"file": file_name},
            )
            form = self.get_form_class()(initial=self.get_initial())
            context = self.get_context_data(form=form, report=report, file_name=file_name)
            return self.render_to_response(context)
        messages.success(self.request, self.success_message(report, file_name))
        return redirect(self.index_url_name)
