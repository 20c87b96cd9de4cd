"""Forms laid out by rules keep their hidden fields: the version and the CSRF token (with
CSRF on, as in production; Flask-Admin dropped the token and warned "Fields missing from
ruleset: csrf_token")."""

import warnings


def test_every_edit_form_laid_out_by_rules_keeps_its_csrf_token(app):
    views = [view for view in app.extensions["admin"][0]._views
             if getattr(view, "form_edit_rules", None)]
    assert views
    for view in views:
        with app.test_request_context(), warnings.catch_warnings():
            warnings.simplefilter("error")
            form = view.get_edit_form()(meta={"csrf": True})
            view._validate_form_instance(ruleset=view._form_edit_rules, form=form)
        assert "csrf_token" in form, view.endpoint
