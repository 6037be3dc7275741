from django.utils import translation

from wagtail.blocks import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

import pytest

from cms import blocks
from cms.blocks import ModuleBodyBlock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("name", list(ModuleBodyBlock.base_blocks))
def test_every_block_renders_its_preview_in_both_languages(name, language):
    block = ModuleBodyBlock.base_blocks[name]
    assert block.meta.icon and block.meta.template and block.meta.description
    value = block.normalize(block.get_preview_value())
    with translation.override(language):
        html = block.render(value, context={})
    if name not in ("image", "document"):  # need a real file to show anything
        assert html.strip()


@pytest.fixture
def image():
    return Image.objects.create(title="Llave", file=get_test_image_file())


def test_image_without_alt_text_is_refused(image):
    block = blocks.FigureBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": " ", "caption": ""}))
    assert set(error.value.block_errors) == {"alt_text"}


def test_image_renders_with_its_alt_text_and_caption(image):
    block = blocks.FigureBlock()
    value = block.clean(
        block.to_python({"image": image.pk, "alt_text": "Llave de par", "caption": "Ajuste"})
    )
    html = block.render(value)
    assert 'alt="Llave de par"' in html and "<figcaption>Ajuste</figcaption>" in html


def test_video_without_transcript_is_refused():
    block = blocks.VideoBlock()
    value = block.to_python(
        {"url": "https://youtu.be/aqz-KE-bpKQ", "title": "Par", "transcript": ""}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert set(error.value.block_errors) == {"transcript"}


def test_video_renders_privacy_friendly_player_and_transcript():
    block = blocks.VideoBlock()
    value = block.to_python(
        {"url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ", "title": "Par", "transcript": "Hola"}
    )
    html = block.render(value)
    assert "youtube-nocookie.com/embed/aqz-KE-bpKQ" in html and "Hola" in html


def test_rich_text_is_sanitized():
    block = blocks.RichTextSectionBlock()
    cleaned = block.clean(RichText('<p onclick="x()">Hola<script>alert(1)</script></p>'))
    assert "script" not in cleaned.source and "onclick" not in cleaned.source
    assert "Hola" in cleaned.source
