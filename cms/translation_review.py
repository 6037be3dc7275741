"""Save a synced translation as a draft and submit it for review, from wagtail-localize's editor.

wagtail-localize (1.14) saves each translated segment as it is typed and offers one way to
put the translation on the page: "Publish in <language>", shown only to those who may
publish. Anyone else (an instructor) gets no way to hand a finished translation over, and
the editor's main button falls to the next action on its list, "Delete".

Puente's editorial flow is Wagtail's: instructors submit, administrators approve and publish
(the "Review and publish" workflow on the root page, migration ``cms 0004``). These two
actions bring the translation into it, with wagtail-localize's own API:

- **Save draft** writes the translation to the page as a new draft revision, nothing is
  published. (wagtail-localize's own ``save_target(publish=False)`` also writes the page
  row, which a live page serves at once — its issue #655 — so ``translation_draft_save``
  builds the revision the way it does, without saving the row.)
- **Submit for review** saves that draft and starts the page's workflow, so the translation
  waits in the administrators' "Awaiting your review" list; approving it publishes it.

``before_edit_page`` (``cms.wagtail_hooks``) hands the editor's POST here before
wagtail-localize's own hook sees it; the template
``cms/templates/wagtail_localize/admin/edit_translation.html`` gives users who cannot
publish these buttons in place of the editor's footer.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.coreutils import find_available_slug
from wagtail.models import Page, Revision
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import Translation
from wagtail_localize.segments.ingest import ingest_segments

SAVE_DRAFT = "puente-save-draft"
SUBMIT_FOR_REVIEW = "puente-submit-for-review"


def synced_translation(page: Page) -> Translation | None:
    """The enabled wagtail-localize translation whose target is ``page``, if any."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


@transaction.atomic
def translation_draft_save(*, translation: Translation, page: Page, user) -> Revision:
    """A new draft revision of ``page`` holding ``translation``'s segments as they are now
    (untranslated ones fall back to the source text); the published page is untouched."""
    source = translation.source
    original = source.as_instance()
    draft = page.specific.get_latest_revision_as_object()
    copy_synchronised_fields(original, draft)
    segments = source._get_segments_for_translation(translation.target_locale, fallback=True)
    ingest_segments(original, draft, source.locale, translation.target_locale, segments)
    draft.slug = find_available_slug(
        draft.get_parent(), slugify(draft.slug), ignore_page_id=draft.pk
    )
    return draft.save_revision(user=user)


def handle_translation_review(request, page: Page):
    """Answer the editor's "Save draft" or "Submit for review"; ``None`` for anything else."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in (SAVE_DRAFT, SUBMIT_FOR_REVIEW):
        return None
    translation = synced_translation(page)
    if translation is None:
        return None
    names = {"page": page.get_admin_display_title(), "locale": page.locale.get_display_name()}
    try:
        translation_draft_save(translation=translation, page=page, user=request.user)
    except ValidationError:
        messages.error(
            request,
            _(
                "The translation of “%(page)s” into %(locale)s could not be saved: fix the "
                "segments marked with errors."
            )
            % names,
        )
        return redirect(request.path)
    page = Page.objects.get(pk=page.pk).specific
    if action == SAVE_DRAFT:
        messages.success(request, _("Draft of “%(page)s” in %(locale)s saved.") % names)
    elif page.workflow_in_progress:
        messages.success(
            request,
            _("Draft of “%(page)s” in %(locale)s saved; it is already waiting for review.") % names,
        )
    elif (workflow := page.get_workflow()) is None:
        messages.error(
            request,
            _(
                "Draft of “%(page)s” in %(locale)s saved, but no review workflow applies to "
                "this page: ask an administrator to publish it."
            )
            % names,
        )
    else:
        workflow.start(page, request.user)
        messages.success(
            request,
            _(
                "“%(page)s” in %(locale)s was submitted for review; an administrator will "
                "approve and publish it."
            )
            % names,
        )
    return redirect(request.path)
