"""The fields of an edit form as a browser would post them (inputs, checked boxes, selected
options, text areas): the simulated users of the load test save forms unchanged but for one
field."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method", "").lower() == "post" \
                and not self.fields and "edit" in (attributes.get("action") or "edit"):
            self.in_form = True
        if not self.in_form or not attributes.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((attributes["name"], attributes.get("value") or ""))
        elif tag == "select":
            self.select = attributes["name"]
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields.append((self.select, attributes.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = attributes["name"], ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.lstrip("\n")))
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form = False


def form_fields(page: str, must_have: str) -> dict:
    """{name: value} of the first post form of `page` holding `must_have`; {} when none."""
    parser = _FormParser()
    parser.feed(page)
    fields = dict(parser.fields)
    return fields if must_have in fields else {}
