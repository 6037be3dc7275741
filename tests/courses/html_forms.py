"""What a browser would post from a rendered form: its named fields with their values."""

from bs4 import BeautifulSoup


def form_fields(html: bytes | str, *, action: str | None = None) -> dict[str, list[str]]:
    """Fields of the page's POST form (the one posting to ``action`` when given)."""
    soup = BeautifulSoup(html, "html.parser")
    forms = [f for f in soup.find_all("form") if f.get("method", "").lower() == "post"]
    if action is not None:
        forms = [f for f in forms if f.get("action") == action]
    form = max(forms, key=lambda f: len(f.find_all(["input", "select", "textarea"])))
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled") or field.find_parent("template"):
            continue
        if field.name == "select":
            chosen = field.find_all("option", selected=True)
            if not chosen and not field.has_attr("multiple"):
                chosen = field.find_all("option")[:1]
            values = [option.get("value", "") for option in chosen]
        elif field.name == "textarea":
            values = [(field.string or "").removeprefix("\n")]
        elif field.get("type", "text") in ("submit", "button", "file", "reset", "image"):
            continue
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def options(html: bytes | str, name: str) -> dict[str, str]:
    """Label → value of the choices a select or checkbox group ``name`` offers."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for option in soup.select(f'select[name="{name}"] option'):
        found[" ".join(option.get_text().split())] = option.get("value", "")
    for box in soup.select(f'input[name="{name}"]'):
        label = soup.find("label", attrs={"for": box.get("id")})
        text = label.get_text() if label else box.find_parent("label").get_text()
        found[" ".join(text.split())] = box.get("value", "")
    return found


def messages_of(html: bytes | str) -> list[str]:
    """Error messages a user sees: field errors, form errors and error notices."""
    soup = BeautifulSoup(html, "html.parser")
    nodes = soup.select(
        ".error-message, .w-field__errors, .errorlist, .help-critical, .messages .error"
    )
    return [" ".join(node.get_text().split()) for node in nodes if node.get_text().strip()]
