"""The forms of the admin's "upload, preview, confirm" screens (``accounts.admin_upload``).

Apart from the screen's view, which imports Wagtail's admin: the forms modules that use these
are also imported by the site's views, and so by a background worker, which reverses the
site's URLs but never shows the admin (issue 21, ``tests/cms/test_worker_apps.py``).
"""

import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_SIZE = 10 * 1024 * 1024


def check_upload_size(upload):
    """A form's ``clean_file``: the upload, or a translated error when it is too large."""
    if upload.size > MAX_UPLOAD_SIZE:
        raise forms.ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_SIZE // 2**20}
        )
    return upload


class UploadConfirmForm(forms.Form):
    """The previewed file, carried back when the administrator confirms. Subclasses add the
    hidden options the import needs (language, format)."""

    content = forms.CharField(widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput)

    def clean_content(self):
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(_("Upload the file again.")) from None
