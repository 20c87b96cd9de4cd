"""The command-line tools: db upgrade, create-user, seed."""

from models import Person, User


def test_db_upgrade_reports_the_schema_version(app):
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0
    from admin_app.migrations import LATEST

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
    assert User.select().count() == 6
