"""One enum type whose members carry their German label (a msgid for the catalogue)."""

import enum


class LabelledEnum(enum.StrEnum):
    """A string enum whose members are declared as `CODE = "code", N_("Label")`.

    `member.label` is the msgid; the view layer translates it. `choices()` gives the
    (code, msgid) pairs form fields and filters take."""

    def __new__(cls, value: str, label: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, msgid) of every member, in declaration order."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def labels(cls) -> dict:
        """{member: msgid} of every member."""
        return {member: member.label for member in cls}
