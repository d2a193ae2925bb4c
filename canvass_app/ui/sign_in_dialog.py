"""Sign in: paste an access token, or exchange an authorization code for one.

The token goes to the OS keyring (``services.accounts``). Where no keyring exists the
token is kept in memory and the dialog says so plainly: "kept for this session only".
The token is never logged and never shown back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from canvass_app.services.accounts import exchange_code, token_store


class SignInDialog(QDialog):
    """Emits ``signed_in(token, persisted)`` once a token is stored."""

    signed_in = Signal(str, bool)

    def __init__(
        self,
        api_url: str,
        parent: QWidget | None = None,
        *,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._api_url = api_url
        self._client_options = dict(client_options or {})  # the trusted CA file, …
        self._store = token_store(api_url)
        self.setWindowTitle(self.tr("Sign in to Polis"))
        self.setAccessibleName(self.tr("Sign in"))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        server = QLabel(self.tr("Server: {url}").format(url=api_url))
        server.setWordWrap(True)
        layout.addWidget(server)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("How to sign in"))
        token_page = QWidget()
        token_form = QFormLayout(token_page)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName(self.tr("Access token"))
        self.token_edit.setPlaceholderText(self.tr("Paste the access token"))
        token_form.addRow(self.tr("Access &token:"), self.token_edit)
        self.tabs.addTab(token_page, self.tr("Paste a token"))

        code_page = QWidget()
        code_form = QFormLayout(code_page)
        self.client_id_edit = QLineEdit()
        self.client_id_edit.setAccessibleName(self.tr("Client id"))
        self.client_secret_edit = QLineEdit()
        self.client_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.client_secret_edit.setAccessibleName(self.tr("Client secret"))
        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName(self.tr("Authorization code"))
        code_form.addRow(self.tr("Client &id:"), self.client_id_edit)
        code_form.addRow(self.tr("Client &secret:"), self.client_secret_edit)
        code_form.addRow(self.tr("Authorization &code:"), self.code_edit)
        self.tabs.addTab(code_page, self.tr("Authorization code"))
        layout.addWidget(self.tabs)

        self.notice_label = QLabel()
        self.notice_label.setObjectName("surveyMessage")
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName(self.tr("Sign-in notice"))
        self.notice_label.setVisible(not self._store.persistent)
        if not self._store.persistent:
            self.notice_label.setText(self._session_only_text())
        layout.addWidget(self.notice_label)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Sign-in message"))
        layout.addWidget(self.message_label)

        buttons = QHBoxLayout()
        self.sign_in_button = QPushButton(self.tr("Sign in"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.sign_in_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)
        layout.addLayout(buttons)
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.persisted: bool | None = None

    def _session_only_text(self) -> str:
        return self.tr(
            "No keyring on this computer: the token is kept for this session only. "
            "You will have to sign in again after closing Canvass."
        )

    def _on_sign_in_button_clicked(self) -> None:
        if self.tabs.currentIndex() == 0:
            token = self.token_edit.text().strip()
            if not token:
                self.message_label.setText(self.tr("Paste the access token first."))
                return
            self._store_token(token)
            return
        fields = {
            self.tr("client id"): self.client_id_edit.text().strip(),
            self.tr("client secret"): self.client_secret_edit.text().strip(),
            self.tr("authorization code"): self.code_edit.text().strip(),
        }
        missing = [name for name, value in fields.items() if not value]
        if missing:
            self.message_label.setText(
                self.tr("Fill in: {fields}.").format(fields=", ".join(missing))
            )
            return
        self._exchange_code(*fields.values())

    def _exchange_code(self, client_id: str, client_secret: str, code: str) -> None:
        from canvass_app.qt.tasks import run_in_background

        api_url, options = self._api_url, self._client_options

        def work(_report: Any) -> str:
            return exchange_code(
                api_url, client_id=client_id, client_secret=client_secret, code=code, **options
            )

        self.sign_in_button.setEnabled(False)
        self.message_label.setText(self.tr("Asking the server…"))
        self._task = run_in_background(
            work, on_done=self._on_exchange_done, on_error=self._on_exchange_failed, parent=self
        )

    def _on_exchange_done(self, token: str) -> None:
        self.sign_in_button.setEnabled(True)
        self._store_token(token)

    def _on_exchange_failed(self, error: BaseException) -> None:
        from canvass_app.services.accounts import certificate_problem
        from canvass_app.ui.i18n import render

        self.sign_in_button.setEnabled(True)
        refused = certificate_problem(error)
        if refused is not None:  # not the code: the server's certificate
            self.message_label.setText(render(refused))
            return
        # the api layer keeps the secret, the code and the token out of its messages
        self.message_label.setText(
            self.tr("The server did not accept the code: {error}").format(error=error)
        )

    def _store_token(self, token: str) -> None:
        try:
            persisted = self._store.set(token)
        except ValueError as error:
            self.message_label.setText(str(error))
            return
        self.persisted = persisted
        if not persisted:
            self.notice_label.setText(self._session_only_text())
            self.notice_label.setVisible(True)
        self.signed_in.emit(token, persisted)
        self.accept()
