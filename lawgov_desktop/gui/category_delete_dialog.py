"""What becomes of a category's annotations when it is deleted: the category manager asks here.

A module of its own so that the annotations list and the editor, which show categories with
:mod:`~lawgov_desktop.gui.category_widgets` from the window's first paint, do not set up the
dialog classes (and their enum types) that only this question uses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop.gui.category_widgets import swatch_icon
from lawgov_desktop.store.records import Category

#: The three outcomes :meth:`DeleteCategoryDialog.choice` gives.
MOVE, UNTAG, DELETE = "move", "untag", "delete"


class DeleteCategoryDialog(QDialog):
    """Asks what becomes of a category's annotations before the category goes.

    Deleting a tag silently would strand or destroy a reader's work, so the three outcomes
    are spelled out with the numbers of annotations each one touches.
    """

    def __init__(self, category: Category, others: list[Category], used: int, only: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete category"))
        info = QLabel(self.tr("“{name}” is used by {used} annotation(s); {only} of them carry no other "
                              "category.").format(name=category.name, used=used, only=only))
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        self.move_radio = QRadioButton(self.tr("Move the annotations to another category:"))
        self.target_combo = QComboBox()
        for c in others:
            self.target_combo.addItem(swatch_icon(c.color), c.name, c.id)
        self.untag_radio = QRadioButton(self.tr("Remove the tag, keep the annotations"))
        self.delete_radio = QRadioButton(
            self.tr("Delete the {only} annotation(s) that carry only this category").format(only=only))
        self.untag_radio.setChecked(True)
        self.move_radio.setEnabled(bool(others))
        self.target_combo.setEnabled(False)
        self.move_radio.toggled.connect(self.target_combo.setEnabled)
        group = QButtonGroup(self)
        for b in (self.move_radio, self.untag_radio, self.delete_radio):
            group.addButton(b)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addWidget(self.move_radio)
        indent = QHBoxLayout()
        indent.setContentsMargins(22, 0, 0, 0)  # under the radio button's text, which it belongs to
        indent.addWidget(self.target_combo, 1)
        lay.addLayout(indent)
        lay.addWidget(self.untag_radio)
        lay.addWidget(self.delete_radio)
        lay.addWidget(buttons)
        self.setMinimumWidth(380)

    def choice(self) -> tuple[str, int | None]:
        """(MOVE, target id), (UNTAG, None) or (DELETE, None)."""
        if self.move_radio.isChecked():
            return MOVE, self.target_combo.currentData()
        return (DELETE, None) if self.delete_radio.isChecked() else (UNTAG, None)
