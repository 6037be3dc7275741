"""StreamField blocks for module pages: technical and soft-skill content in one stream.

Every block has an icon, a template under ``cms/templates/blocks/``, a ``preview_value`` and
a ``description``. Rules an editor must follow (alt text, transcripts) are checked in
``StructBlock.clean`` so a page that breaks them cannot be saved or published.
"""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.services import REFLECTION_MAX_LENGTH

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "document-link"]
IMAGE_RENDITION = "max-960x720"


class SanitizedRichTextBlock(blocks.RichTextBlock):
    """Rich text limited to ``features``: anything else (scripts, styles, unknown tags or
    attributes) is stripped when the block is cleaned, whatever wrote the HTML."""

    def __init__(self, *args, features=None, **kwargs):
        super().__init__(*args, features=features or RICH_TEXT_FEATURES, **kwargs)

    def clean(self, value):
        from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

        value = super().clean(value)
        converter = EditorHTMLConverter(features=self.features)
        editor_html = converter.from_database_format(value.source)
        return RichText(converter.to_database_format(editor_html))


class PrefetchedImageChooserBlock(ImageChooserBlock):
    """Fetches every image of the stream and its rendition in one go (fixed query count)."""

    def bulk_to_python(self, values):
        values = list(values)
        images = self.model_class.objects.prefetch_renditions(IMAGE_RENDITION).in_bulk(
            [v for v in values if v is not None]
        )
        return [images.get(v) for v in values]


def _require(value, field: str, message) -> None:
    if not (value.get(field) or "").strip():
        raise blocks.StructBlockValidationError(block_errors={field: ValidationError(message)})


class RichTextSectionBlock(SanitizedRichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/rich_text.html"
        label = _("Rich text")
        description = _("Paragraphs, lists and links.")
        preview_value = RichText(
            "<p>Before starting the shift, check the <b>torque wrench calibration</b> tag.</p>"
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section (level 2)")), ("h3", _("Subsection (level 3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A section title; keeps headings in order for screen readers.")
        preview_value = {"text": "Torque sequence", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    image = PrefetchedImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("Required. Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        _require(value, "alt_text", _("Describe the image: alternative text is required."))
        return value

    class Meta:
        icon = "image"
        template = "blocks/figure.html"
        label = _("Image")
        description = _("An image with required alternative text and an optional caption.")
        preview_value = {"alt_text": "Torque wrench set to 25 N·m", "caption": "Set the value"}


VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


class VideoValue(blocks.StructValue):
    @cached_property
    def embed_url(self) -> str:
        """A privacy-friendly player URL for YouTube and Vimeo links; ``""`` otherwise."""
        return video_embed_url(self.get("url") or "")


def video_embed_url(url: str) -> str:
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        video_id = parse_qs(parsed.query).get("v", [""])[0]
        if not video_id and parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
        if VIDEO_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be":
        video_id = parsed.path.strip("/")
        if VIDEO_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        video_id = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        if video_id.isdigit():
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return ""


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("video address"), help_text=_("A YouTube or Vimeo link to the video.")
    )
    title = blocks.CharBlock(label=_("title"), max_length=200)
    transcript = blocks.TextBlock(
        label=_("transcript"),
        required=False,
        help_text=_("Required. Everything said and shown, for people who cannot hear or see it."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not video_embed_url(value.get("url") or ""):
            errors["url"] = ValidationError(_("Use a YouTube or Vimeo video link."))
        if not (value.get("transcript") or "").strip():
            errors["transcript"] = ValidationError(_("A video needs a transcript."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")
        description = _("An embedded video with its required transcript.")
        value_class = VideoValue
        preview_value = {
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "Torque wrench basics",
            "transcript": "The presenter sets the wrench to the value on the work instruction.",
        }


NOTE_KINDS = [("", _("No note")), ("safety", _("Safety")), ("quality", _("Quality"))]


class ProcedureStepBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("what to do"))
    image = PrefetchedImageChooserBlock(label=_("image"), required=False)
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("Required when the step has an image."),
    )
    note_kind = blocks.ChoiceBlock(label=_("note"), choices=NOTE_KINDS, required=False, default="")
    note = blocks.TextBlock(label=_("note text"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if value.get("image"):
            _require(value, "alt_text", _("Describe the image: alternative text is required."))
        if value.get("note_kind"):
            _require(value, "note", _("Write the safety or quality note."))
        return value

    class Meta:
        icon = "list-ol"
        label = _("Step")


class ProcedureBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    steps = blocks.ListBlock(ProcedureStepBlock(), label=_("steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/procedure.html"
        label = _("Step-by-step procedure")
        description = _("Numbered steps, each with an optional image and a safety or quality note.")
        preview_value = {
            "title": "Tighten a wheel hub",
            "steps": [
                {"text": "Hand-start all five nuts.", "note_kind": "", "note": ""},
                {
                    "text": "Torque in a star pattern to 120 N·m.",
                    "note_kind": "quality",
                    "note": "Never torque in a circle.",
                },
            ],
        }


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("safety", _("Safety")),
            ("quality", _("Quality")),
            ("tip", _("Tip")),
            ("warning", _("Warning")),
        ],
        default="tip",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = SanitizedRichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")
        description = _("A highlighted safety, quality, tip or warning box.")
        preview_value = {
            "kind": "safety",
            "title": "Lock out first",
            "text": "<p>Lock out and tag out the station before you reach in.</p>",
        }


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    situation = blocks.TextBlock(label=_("situation"))
    question = blocks.TextBlock(label=_("question it raises"))
    discussion_points = blocks.ListBlock(
        blocks.CharBlock(label=_("point")), label=_("discussion points"), min_num=1
    )

    class Meta:
        icon = "group"
        template = "blocks/scenario.html"
        label = _("Soft-skill scenario")
        description = _("A workplace situation, the question it raises and points to discuss.")
        preview_value = {
            "title": "The missing handover note",
            "situation": "You start your shift and the station has no handover note.",
            "question": "What do you do before running the line?",
            "discussion_points": ["Ask the team leader", "Do not assume settings"],
        }


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("prompt"))

    class Meta:
        icon = "edit"
        template = "blocks/reflection.html"
        label = _("Reflection prompt")
        description = _(
            "A question the trainee answers privately; the answer is saved with progress."
        )
        preview_value = {"prompt": "When did a clear handover save you time?"}
        form_classname = "struct-block reflection-block"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["max_length"] = REFLECTION_MAX_LENGTH
        state = (parent_context or {}).get("module_state")
        block_id = (parent_context or {}).get("block_id", "")
        context["answer"] = state.reflections.get(block_id, "") if state else ""
        context["can_answer"] = bool(state and state.is_enrolled and block_id)
        return context


class GlossaryTermBlock(blocks.StructBlock):
    term_es = blocks.CharBlock(label=_("term in Spanish"), max_length=120)
    term_en = blocks.CharBlock(label=_("term in English"), max_length=120)
    definition = blocks.TextBlock(label=_("definition"))

    class Meta:
        icon = "doc-full"
        template = "blocks/glossary_term.html"
        label = _("Glossary term")
        description = _("A term in Spanish and English with its definition.")
        preview_value = {
            "term_es": "par de apriete",
            "term_en": "torque",
            "definition": "The turning force applied to a fastener.",
        }


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(label=_("item")), label=_("items"), min_num=1)

    class Meta:
        icon = "tasks"
        template = "blocks/checklist.html"
        label = _("Checklist")
        description = _("Things to check, as a list.")
        preview_value = {"title": "Before the shift", "items": ["PPE on", "Tools calibrated"]}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "download"
        template = "blocks/document.html"
        label = _("Downloadable document")
        description = _("A document to download, such as a work instruction or a form.")
        preview_value = {"title": "Work instruction WI-204", "description": "Printable PDF."}


class QuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("assessments.Quiz", label=_("quiz"))
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    class Meta:
        icon = "help"
        template = "blocks/quiz.html"
        label = _("Quiz")
        description = _("A link to an assessment quiz that checks what the module taught.")
        preview_value = {"intro": "Check what you learned about torque before you go on."}


class ModuleBodyBlock(blocks.StreamBlock):
    """The body of a module page: every block an author can use."""

    rich_text = RichTextSectionBlock()
    heading = HeadingBlock()
    image = FigureBlock()
    video = VideoBlock()
    procedure = ProcedureBlock()
    callout = CalloutBlock()
    scenario = ScenarioBlock()
    reflection = ReflectionPromptBlock()
    glossary_term = GlossaryTermBlock()
    checklist = ChecklistBlock()
    document = DocumentBlock()
    quiz = QuizBlock()

    class Meta:
        block_counts = {}
