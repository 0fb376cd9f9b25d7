"""The errors the store raises for the user: typed, each with a catalogue code and its data.

Each is a subclass of what callers already catch — :class:`ProjectError` for a project that
cannot be opened or changed, ``ValueError`` for a request that cannot be done — so
``except ProjectError`` keeps working, while the text comes from :mod:`lawgov_desktop.messages`
in the user's language.
"""

from __future__ import annotations

from lawgov_desktop.messages import Coded


class ProjectError(RuntimeError):
    """A project file that cannot be opened or changed; the message is for the user."""


# -- opening a project ------------------------------------------------------------------------
class ProjectReadOnly(Coded, ProjectError):
    code = "project.read_only"


class ProjectNotFound(Coded, ProjectError):
    code = "project.not_found"


class ProjectIsFolder(Coded, ProjectError):
    code = "project.is_folder"


class ProjectNotRegularFile(Coded, ProjectError):
    code = "project.not_regular"


class ProjectEmptyFile(Coded, ProjectError):
    code = "project.empty_file"


class ProjectNotSqlite(Coded, ProjectError):
    code = "project.not_sqlite"


class ProjectCannotOpen(Coded, ProjectError):
    code = "project.cannot_open"


class ProjectCannotOpenKnown(Coded, ProjectError):
    code = "project.cannot_open_known"


class ProjectCannotRead(Coded, ProjectError):
    code = "project.cannot_read"


class ProjectDamaged(Coded, ProjectError):
    code = "project.damaged"


class ProjectNeedsUpgrade(Coded, ProjectError):
    code = "project.read_only_old_schema"


class ProjectNewer(Coded, ProjectError):
    code = "project.newer_short"


class ProjectNotLawGov(Coded, ProjectError):
    code = "project.not_lawgov"


class MergeIntoItself(Coded, ProjectError):
    code = "project.merge_into_itself"


class BackupBeforeUpgradeFailed(Coded, ProjectError):
    code = "backup.before_upgrade_failed"


class BackupDamaged(Coded, ProjectError):
    code = "backup.damaged"


# -- requests that cannot be done ----------------------------------------------------------------
class OffsetsInvalid(Coded, ValueError):
    code = "annotation.bad_offsets"


class ReportNotFound(Coded, ValueError):
    code = "report.unknown"


class CategoryNameEmpty(Coded, ValueError):
    code = "category.name_empty"


class CategoryNameTooLong(Coded, ValueError):
    code = "category.name_too_long"


class CategoryNameControl(Coded, ValueError):
    code = "category.name_control"


class CategoryNameInvalid(Coded, ValueError):
    code = "category.name_invalid"


class CategoryExists(Coded, ValueError):
    code = "category.exists"


class CategoryUnknown(Coded, ValueError):
    code = "category.unknown"


class CategoryUnknownShort(Coded, ValueError):
    code = "category.unknown_short"


class CategoryNestsInItself(Coded, ValueError):
    code = "category.nest_in_itself"


class CategoryMergeIntoItself(Coded, ValueError):
    code = "category.merge_into_itself"


class VerdictUnknown(Coded, ValueError):
    code = "suggestion.bad_verdict"


class AnnotatorsNotTwo(Coded, ValueError):
    code = "team.two_annotators"


class DimensionUnknown(Coded, ValueError):
    code = "stats.unknown_dimension"


class KeepOneBackup(Coded, ValueError):
    code = "safety.keep_one"


class FolderUnreadable(Coded, ValueError):
    code = "reports.cannot_read_folder"


class ResolveChoiceMissing(Coded, ValueError):
    code = "resolve.choose"


class OrphanCannotBeAccepted(Coded, ValueError):
    code = "resolve.orphan_accept"
