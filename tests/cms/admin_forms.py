"""Read an admin form the way a browser submits it, so tests post exactly what the page has.

``form_data(html)`` returns the fields of the page's edit form as a dict of lists (a
``QueryDict``-like mapping the Django test client posts as multiple values): inputs, checked
checkboxes and radios, selected options and textareas, including inline formsets'
management forms. Inline panels' blank templates (``<template>``) and disabled fields are
left out, as a browser leaves them out.
"""

import json

from bs4 import BeautifulSoup

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


def _main_form(soup: BeautifulSoup, form_id: str | None):
    if form_id:
        return soup.find("form", id=form_id)
    edit_form = soup.find("form", attrs={"data-edit-form": True})
    if edit_form is not None:
        return edit_form
    posts = [form for form in soup.find_all("form") if form.get("method", "").lower() == "post"]
    return max(posts, key=lambda form: len(form.find_all(["input", "select", "textarea"])))


def _outside_templates(element) -> bool:
    return element.find_parent("template") is None and not element.has_attr("disabled")


def _fields_of(form):
    """The form's own fields, and those outside it that name it with ``form="<id>"``."""
    fields = form.find_all(["input", "select", "textarea"])
    if form.get("id"):
        root = form.find_parent("html") or form.find_parent()
        fields += [
            field
            for field in root.find_all(["input", "select", "textarea"], attrs={"form": form["id"]})
            if field not in fields
        ]
    return [field for field in fields if field.get("name") and _outside_templates(field)]


def form_data(html: str | bytes, *, form_id: str | None = None) -> dict[str, list[str]]:
    """What the browser submits: the form's fields and the inputs its StreamFields build."""
    data = _field_data(html, form_id=form_id)
    data |= stream_data(html)
    return data


def _field_data(html: str | bytes, *, form_id: str | None = None) -> dict[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    form = _main_form(soup, form_id)
    assert form is not None, "no form on the page"
    data: dict[str, list[str]] = {}
    for field in _fields_of(form):
        name = field["name"]
        if field.name == "textarea":
            # A browser drops the one newline that follows <textarea>.
            text = field.string or ""
            value = [text[1:] if text.startswith("\n") else text]
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            if not chosen and not field.has_attr("multiple"):
                chosen = field.find_all("option")[:1]
            value = [option.get("value", option.get_text()) for option in chosen]
        else:
            kind = field.get("type", "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                continue
            if kind in ("checkbox", "radio"):
                if not field.has_attr("checked"):
                    continue
                value = [field.get("value", "on")]
            else:
                value = [field.get("value", "")]
        data.setdefault(name, []).extend(value)
    return data


def form_errors(html: str | bytes) -> list[str]:
    """The error messages a user sees on a rendered admin form (field and form errors)."""
    soup = BeautifulSoup(html, "html.parser")
    selectors = ".error-message, .w-field__errors, .help-critical, .messages .error"
    messages = (" ".join(node.get_text().split()) for node in soup.select(selectors))
    return [message for message in messages if message]


def add_inline(html: str | bytes, data: dict, prefix: str, values: dict) -> dict:
    """Add a form to inline panel ``prefix`` as the "Add" button does: a copy of the page's
    blank form template (``<template id="id_<prefix>-EMPTY_FORM_TEMPLATE">``) with its own
    defaults, numbered next, then ``values`` typed in (``None`` clears a field)."""
    soup = BeautifulSoup(html, "html.parser")
    template = soup.find("template", id=f"id_{prefix}-EMPTY_FORM_TEMPLATE")
    assert template is not None, f"no inline panel {prefix!r} on the page"
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    blank = _field_data(f"<form data-edit-form>{template.decode_contents()}</form>")
    for name, value in blank.items():
        data[name.replace("__prefix__", str(index))] = value
    data[f"{prefix}-{index}-ORDER"] = [str(index + 1)]
    for name, value in values.items():
        key = f"{prefix}-{index}-{name}"
        if value is None or value is False:
            data.pop(key, None)
        else:
            data[key] = [("on" if value is True else str(value))]
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    return data


# StreamFields: the page carries each one as a block definition and a value
# (``<div data-block data-w-block-data-value=… data-w-block-arguments-value=…>``) from which
# Wagtail's script builds the inputs. These functions build the same inputs.


def _unpack(packed, objects: dict):
    """Undo telepath's packing: ``{"_id": n, …}`` defines an object, ``{"_ref": n}`` reuses it."""
    if isinstance(packed, list):
        return [_unpack(value, objects) for value in packed]
    if not isinstance(packed, dict):
        return packed
    if "_ref" in packed:
        return objects[packed["_ref"]]
    if "_type" in packed:
        value = {"_type": packed["_type"], "_args": _unpack(packed["_args"], objects)}
    elif "_dict" in packed:
        value = _unpack(packed["_dict"], objects)
    elif "_list" in packed:
        value = _unpack(packed["_list"], objects)
    elif "_val" in packed:
        value = packed["_val"]
    else:
        value = {key: _unpack(item, objects) for key, item in packed.items()}
    if "_id" in packed:
        objects[packed["_id"]] = value
    return value


def _block_inputs(block: dict, state, prefix: str) -> dict[str, list[str]]:
    kind, args = block["_type"], block["_args"]
    data: dict[str, list[str]] = {}
    if kind == "wagtail.blocks.StreamBlock":
        children = {child["_args"][0]: child for _group, group in args[1] for child in group}
        data[f"{prefix}-count"] = [str(len(state or []))]
        for index, child in enumerate(state or []):
            child_prefix = f"{prefix}-{index}"
            data |= {
                f"{child_prefix}-type": [child["type"]],
                f"{child_prefix}-id": [child.get("id") or ""],
                f"{child_prefix}-deleted": [""],
                f"{child_prefix}-order": [str(index)],
            }
            data |= _block_inputs(children[child["type"]], child["value"], f"{child_prefix}-value")
    elif kind == "wagtail.blocks.ListBlock":
        data[f"{prefix}-count"] = [str(len(state or []))]
        for index, child in enumerate(state or []):
            child_prefix = f"{prefix}-{index}"
            data |= {
                f"{child_prefix}-id": [child.get("id") or ""],
                f"{child_prefix}-deleted": [""],
                f"{child_prefix}-order": [str(index)],
            }
            data |= _block_inputs(args[1], child["value"], f"{child_prefix}-value")
    elif kind == "wagtail.blocks.StructBlock":
        for child in args[1]:
            name = child["_args"][0]
            data |= _block_inputs(child, (state or {}).get(name), f"{prefix}-{name}")
    elif kind == "wagtail.blocks.StaticBlock":
        pass
    else:  # a field block: the value its widget's input holds
        if state is True:
            data[prefix] = ["on"]
        elif state is False:
            pass
        elif isinstance(state, dict):
            data[prefix] = [str(state.get("id") or "")]
        elif isinstance(state, list):
            data[prefix] = [str(value) for value in state]
        else:
            data[prefix] = ["" if state is None else str(state)]
    return data


def stream_data(html: str | bytes) -> dict[str, list[str]]:
    """The inputs Wagtail's script would build for every StreamField on the page."""
    soup = BeautifulSoup(html, "html.parser")
    data: dict[str, list[str]] = {}
    for node in soup.select("[data-block][data-w-block-data-value]"):
        if not _outside_templates(node):
            continue
        block = _unpack(json.loads(node["data-w-block-data-value"]), {})
        state, _errors = json.loads(node["data-w-block-arguments-value"])
        data |= _block_inputs(block, state, node["id"])
    return data
