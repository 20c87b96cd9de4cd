"""The command-line tools: db upgrade, create-user, seed."""

import pytest

from admin_app.migrations import LATEST
from models import Person, User
from seed.demo import DEMO_USERS


def test_db_upgrade_reports_the_schema_version(app):
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0

    assert f"Schema version {LATEST}" in result.output


def test_create_user_makes_a_first_administrator(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--username", "chefin", "--full-name", "Clara Chefin",
        "--password", "Sehr-Geheim-2026"])
    assert result.exit_code == 0, result.output
    user = User.get(User.username == "chefin")
    assert user.role == "admin"
    assert user.check_password("Sehr-Geheim-2026")


def test_seed_loads_demo_data_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "--persons", "8", "--if-empty"])
    second = runner.invoke(args=["seed", "--persons", "8", "--if-empty"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    assert Person.select().count() == 8
    assert User.select().count() == len(DEMO_USERS)


def test_seed_bulk_adds_persons_with_their_cases_in_batches(app):
    from models import AssistanceRequest, Participation

    result = app.test_cli_runner().invoke(args=["seed", "--persons", "4", "--bulk", "30"])
    assert result.exit_code == 0, result.output
    assert Person.select().count() == 4 + 30
    assert Participation.select().count() >= 30
    assert AssistanceRequest.select().count() >= 60


def test_documents_cleanup_removes_orphans_and_reports_missing_files(app, document_store):
    import os

    from seed.factories import make_document

    kept, lost = make_document(name="bleibt.pdf"), make_document(name="weg.pdf")
    document_store.path(lost.stored_name).unlink()
    orphan = document_store.path("ab" + "0" * 30)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"x")
    os.utime(orphan, (0, 0))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["documents", "cleanup"])
    second = runner.invoke(args=["documents", "cleanup"])
    assert first.exit_code == second.exit_code == 1
    assert "1 Datei ohne Datensatz entfernt." in first.output
    assert "0 Dateien ohne Datensatz entfernt." in second.output
    for output in (first.output, second.output):
        assert f"Fehlende Datei: Dokument {lost.id} (T{lost.participation_id}," in output
    assert not orphan.exists()
    assert document_store.exists(kept.stored_name)


@pytest.mark.parametrize(("typed", "found"), [
    ("müller", {"Müller", "Mueller"}), ("MUELLER", {"Müller", "Mueller"}),
    ("Mueller", {"Müller", "Mueller"}), ("Mel*", {"Melzer"}),
])
def test_the_readmes_search_examples_find_demo_persons_of_the_demo_staff(app, typed, found):
    from models.core.access import visible
    from models.people.models import find_persons

    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed", "--persons", "12", "--if-empty"]).exit_code == 0
    staff = User.get(User.username == "staff")
    names = {person.last_name for person in find_persons(visible(Person, staff), last=typed)}
    assert names == found
