"""The errors the domain raises: plain exceptions with translatable msgids, never HTTP ones."""


class DomainError(Exception):
    """A rule of the domain refused an operation; the message is a translatable msgid.

    `conditions` lists every unmet condition as (msgid, params) where a refusal names several
    at once (a phase change of a commission); the views show them after the message."""

    conditions: tuple = ()

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params


class ValidationError(DomainError):
    """Input broke one or more field rules: maps field name to message."""

    def __init__(self, errors: dict):
        super().__init__("Please correct the marked fields.")
        self.errors = errors


class NotPermitted(DomainError):
    """The acting user may not do this."""
