"""The admin panel: every view registered in one place."""

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext

from models import (
    ALL_MODELS,
    Activity,
    Announcement,
    ApprovalPeriod,
    Assessment,
    AssistanceRequest,
    BillingRules,
    BudgetCheck,
    CareCase,
    Commission,
    Contact,
    DataExport,
    Delegation,
    DeliveredHours,
    DisabilityProof,
    District,
    Document,
    EmploymentSituation,
    FundingBody,
    HistoryEntry,
    LifeArea,
    OccasionAccess,
    PartialBudget,
    Participation,
    PayingBodyRelease,
    Person,
    PersonalBudget,
    Procedure,
    Project,
    Provider,
    Result,
    ResultKind,
    ServiceAgreement,
    Task,
    User,
    UserProject,
)
from models.core.history import Kind, event_choices
from models.core.roles import may_read_personal
from models.requests.models import Status
from views.accounts import account
from views.accounts.access_views import AnnouncementView, DelegationView
from views.accounts.users import UserProjectView, UserView
from views.budgets import BudgetCheckView, PartialBudgetView, PersonalBudgetView
from views.care.billing_rules import BillingRulesView
from views.care.views import (
    ActivityView,
    ApprovalPeriodView,
    CareCaseView,
    care_section,
    colour_badge,
)
from views.catalogues import DistrictView
from views.commissions import (
    CommissionView,
    ContactView,
    EmploymentSituationView,
    OccasionAccessView,
    PayingBodyReleaseView,
    ResultKindView,
    ResultView,
    TaskView,
)
from views.core.formatting import flashed_text, hours_text, label_of, money_text, translated
from views.core.menu import FallakteAdmin
from views.core.params import refuse_nul_characters
from views.disability import DisabilityProofView
from views.documents.views import DocumentView
from views.exports import ExportsView
from views.history import HistoryView
from views.home import HomeView
from views.hours import DeliveredHoursView, delivered_hours_section
from views.messages import MessageListView
from views.participations import ParticipationView
from views.people import FundingBodyView, PersonView, ProjectView, ProviderView
from views.procedures import AssessmentView, LifeAreaView, ProcedureView, ServiceAgreementView
from views.requests import RequestView

_l = lazy_gettext
# The model of each relation name in the history ("document" -> Document).
RELATION_MODELS = {m.history_relation: m for m in ALL_MODELS if m.history_relation}


def _relation_label(relation: str) -> str:
    """The German name of a history relation ('Dokument')."""
    model = RELATION_MODELS.get(relation)
    return translated(model.verbose_name) if model else translated(relation)


def init_admin(app) -> Admin:
    """Create the Flask-Admin panel with every view of Fallakte."""
    admin = FallakteAdmin(
        app,
        name="Fallakte",
        url="/admin",
        index_view=HomeView(name=_l("Home"), url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/fallakte_base.html", fluid=True),
    )
    master = _l("Master data")
    admin.add_view(PersonView(Person, name=_l("Persons"), endpoint="person"))
    admin.add_view(ParticipationView(Participation, name=_l("Participations"),
                                     endpoint="participation"))
    # The menu fits on one line at 1280 px: the request lists, hours, messages and data
    # exports of 001 share one entry, as do the needs-assessment parts (000, 002).
    requests = _l("Requests")
    admin.add_view(RequestView(AssistanceRequest, name=_l("Assistance requests"),
                               category=requests, endpoint="request"))
    admin.add_view(DeliveredHoursView(DeliveredHours, name=_l("Delivered hours"),
                                      category=requests, endpoint="delivered_hours"))
    admin.add_view(MessageListView(HistoryEntry, name=_l("Messages"), category=requests,
                                   endpoint="message"))
    admin.add_view(ExportsView(name=_l("Data exports"), category=requests,
                               endpoint="data_export", url="/admin/exports"))
    admin.add_view(DocumentView(Document, name=_l("Documents"), endpoint="document"))
    admin.add_view(DisabilityProofView(DisabilityProof, name=_l("Proofs of disability"),
                                       endpoint="disability_proof"))
    ifd = _l("IFD commissions")
    admin.add_view(CommissionView(Commission, name=_l("Commissions"), category=ifd,
                                  endpoint="commission"))
    admin.add_view(ContactView(Contact, name=_l("Contacts"), category=ifd, endpoint="contact"))
    admin.add_view(ResultView(Result, name=_l("Results"), category=ifd, endpoint="result"))
    admin.add_view(TaskView(Task, name=_l("Tasks (catalogue)"), category=ifd, endpoint="task"))
    admin.add_view(ResultKindView(ResultKind, name=_l("Results (catalogue)"), category=ifd,
                                  endpoint="result_kind"))
    admin.add_view(EmploymentSituationView(EmploymentSituation, name=_l("Employment situations"),
                                           category=ifd, endpoint="employment_situation"))
    admin.add_view(PayingBodyReleaseView(PayingBodyRelease,
                                         name=_l("Releases of paying bodies"), category=ifd,
                                         endpoint="paying_body_release"))
    admin.add_view(OccasionAccessView(OccasionAccess, name=_l("Occasion-based accesses"),
                                      category=ifd, endpoint="occasion_access"))
    budgets = _l("Participation planning")
    admin.add_view(ProcedureView(Procedure, name=_l("Procedures"), category=budgets,
                                 endpoint="procedure"))
    admin.add_view(AssessmentView(Assessment, name=_l("Assessments"), category=budgets,
                                  endpoint="assessment"))
    admin.add_view(PersonalBudgetView(PersonalBudget, name=_l("Personal budgets"),
                                      category=budgets, endpoint="personal_budget"))
    admin.add_view(PartialBudgetView(PartialBudget, name=_l("Partial budgets"),
                                     category=budgets, endpoint="partial_budget"))
    admin.add_view(BudgetCheckView(BudgetCheck, name=_l("Checks of the proofs"),
                                   category=budgets, endpoint="budget_check"))
    care = _l("Care")
    admin.add_view(CareCaseView(CareCase, name=_l("Clients"), category=care,
                                endpoint="care_case"))
    admin.add_view(ApprovalPeriodView(ApprovalPeriod, name=_l("Approval periods"),
                                      category=care, endpoint="approval_period"))
    admin.add_view(ActivityView(Activity, name=_l("Activities"), category=care,
                                endpoint="activity"))
    admin.add_view(ProjectView(Project, name=_l("Projects"), category=master, endpoint="project"))
    admin.add_view(ProviderView(Provider, name=_l("Providers"), category=master,
                                endpoint="provider"))
    admin.add_view(FundingBodyView(FundingBody, name=_l("Funding bodies"), category=master,
                                   endpoint="funding_body"))
    admin.add_view(BillingRulesView(BillingRules, name=_l("Billing rules"), category=master,
                                    endpoint="billing_rules"))
    admin.add_view(DistrictView(District, name=_l("Districts"), category=master,
                                endpoint="district"))
    admin.add_view(LifeAreaView(LifeArea, name=_l("Life areas"), category=master,
                                endpoint="life_area"))
    admin.add_view(ServiceAgreementView(ServiceAgreement, name=_l("Service agreements"),
                                        category=master, endpoint="service_agreement"))
    system = _l("Administration")
    admin.add_view(UserView(User, name=_l("Users"), category=system, endpoint="user"))
    admin.add_view(UserProjectView(UserProject, name=_l("Project assignments"), category=system,
                                   endpoint="assignment"))
    admin.add_view(DelegationView(Delegation, name=_l("Delegations"), category=system,
                                  endpoint="delegation"))
    admin.add_view(AnnouncementView(Announcement, name=_l("Announcements"), category=system,
                                    endpoint="announcement"))
    HistoryView.admin_models = [Person, Project, Provider, FundingBody, District, User, UserProject,
                                Participation, AssistanceRequest, Document, DisabilityProof,
                                DeliveredHours, BillingRules, CareCase, ApprovalPeriod, Activity,
                                Delegation, Announcement, Commission, Contact, Result, Task,
                                ResultKind, EmploymentSituation, PayingBodyRelease,
                                OccasionAccess, Procedure, Assessment, LifeArea,
                                ServiceAgreement,
                                PersonalBudget, PartialBudget, BudgetCheck, DataExport]
    HistoryView.value_labels = {"relation": {m.history_relation: m.verbose_name
                                             for m in HistoryView.admin_models}}
    admin.add_view(HistoryView(HistoryEntry, name=_l("History"), category=system,
                               endpoint="history"))

    app.before_request(refuse_nul_characters)
    for helper in (delivered_hours_section, care_section, hours_text, money_text, colour_badge,
                   flashed_text, may_read_personal):
        app.add_template_global(helper)

    admin.add_view(account.AccountView(name=_l("My account"), endpoint="account",
                                       url="/admin/account"))
    account.init_app(app)

    @app.context_processor
    def _history_labels():
        return {
            "history_kind": lambda kind: label_of(Kind.labels(), kind),
            "history_event": lambda event: label_of(dict(event_choices()), event),
            "history_status": lambda status: label_of(Status.labels(), status),
            "history_relation": _relation_label,
        }

    return admin
