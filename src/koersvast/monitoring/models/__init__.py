"""Execution monitoring: programmes, progress reports, milestones, risks, benefits, budgets, phases.

One module per sub-domain; Django finds the models through this package, so each is imported
here (and other apps import them from `koersvast.monitoring.models`).
"""

from .benefits import Benefit, BenefitMeasurement
from .budget import BudgetLine
from .lessons import Lesson
from .meetings import MeetingAction, ProjectMeeting
from .milestones import Milestone
from .phases import PhaseDefinition, PhaseGate
from .programme_reports import ProgrammeReport
from .programmes import Opgave, Programme, ProgrammeInitiative
from .reports import FrozenReportError, ProgressReport, RagDefinition
from .risks import Risk

__all__ = [
    "Benefit",
    "BenefitMeasurement",
    "BudgetLine",
    "FrozenReportError",
    "Lesson",
    "MeetingAction",
    "Milestone",
    "Opgave",
    "PhaseDefinition",
    "PhaseGate",
    "Programme",
    "ProgrammeInitiative",
    "ProgrammeReport",
    "ProgressReport",
    "ProjectMeeting",
    "RagDefinition",
    "Risk",
]
