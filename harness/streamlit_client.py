"""A headless Streamlit client that speaks the app's own websocket protocol.

It connects to ``/_stcore/stream`` like the browser does, sends ``BackMsg.rerun_script`` with
widget states, and rebuilds the page from the ``ForwardMsg`` deltas of each script run, so a
simulated participant sees exactly what a browser would be told (same server code path: session,
script run, widgets, ``st.rerun``). Widget ids are read from the elements the server sends.

Protocol notes (Streamlit 1.67, Starlette server):

* subprotocol header ``streamlit, <xsrf token>, <session id to resume>``; with no auth cookie the
  XSRF token is not needed; with no ``Origin`` header the origin check passes;
* every script run starts with ``ForwardMsg.new_session`` and ends with ``script_finished``
  (``FINISHED_EARLY_FOR_RERUN`` when the script called ``st.rerun()``: another run follows);
* elements are ``delta.new_element`` at ``metadata.delta_path``; with no
  ``cached_message_hashes`` in our ``ClientState`` the server never sends ``ref_hash`` stubs;
* a form's widget values travel only with the submit button's trigger, as in the browser;
* ``st.query_params`` changes arrive as ``page_info_changed``; we keep the query string so that a
  reconnect (new session) comes back with it, as a browser reload would;
* ``st.fragment``: elements drawn inside a fragment carry ``delta.fragment_id``; a widget there
  sends its rerun with ``ClientState.fragment_id`` (as the browser does), the run's
  ``new_session`` lists the fragments it reruns (``metadata.run.fragment_ids``), only their
  elements are replaced, and the run ends with ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
               ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
WIDGETS = ("button", "checkbox", "text_input", "text_area", "radio", "selectbox")
TEXT_FIELDS = {
    "markdown": "body", "text": "body", "heading": "body", "alert": "body", "code": "code_text",
    "progress": "text", "toast": "body",
}


class ClientError(RuntimeError):
    """The app did not behave as a browser user would expect (or the connection failed)."""


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    form_id: str
    proto: object
    fragment_id: str = ""

    @property
    def key(self) -> str:
        """The user key part of the widget id (``$$ID-<hash>-<key>``), or ''."""
        parts = self.id.split("-", 2)
        return parts[2] if len(parts) == 3 and parts[2] != "None" else ""


@dataclass
class Page:
    """What one finished script run rendered, in tree order."""

    elements: list[tuple[tuple[int, ...], str, object]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    fragment_of: dict[tuple[int, ...], str] = field(default_factory=dict)  # path -> fragment

    def outside(self, fragment_ids) -> Page:
        """This page without the elements of these fragments (the start of a fragment run)."""
        keep = [e for e in self.elements if self.fragment_of.get(e[0]) not in fragment_ids]
        return Page(keep, [], {e[0]: self.fragment_of[e[0]] for e in keep
                               if e[0] in self.fragment_of})

    def widgets(self, kind: str | None = None) -> list[Widget]:
        found = []
        for path, etype, proto in self.elements:
            if etype in WIDGETS and (kind is None or etype == kind):
                found.append(Widget(etype, proto.id, proto.label,
                                    getattr(proto, "form_id", ""), proto,
                                    self.fragment_of.get(path, "")))
        return found

    def widget(self, kind: str, label: str) -> Widget:
        for w in self.widgets(kind):
            if w.label == label:
                return w
        labels = [f"{w.kind}:{w.label}" for w in self.widgets()]
        raise ClientError(f"no {kind} labelled {label!r} on the page; widgets: {labels}; "
                          f"text: {self.text()[:600]!r}")

    def has_widget(self, kind: str, label: str) -> bool:
        return any(w.label == label for w in self.widgets(kind))

    def metric(self, label: str) -> str:
        for _path, etype, proto in self.elements:
            if etype == "metric" and proto.label == label:
                return proto.body
        raise ClientError(f"no metric {label!r} on the page: {self.text()[:400]!r}")

    def texts(self) -> list[str]:
        out = []
        for _path, etype, proto in self.elements:
            name = TEXT_FIELDS.get(etype)
            if name:
                out.append(getattr(proto, name))
        return out

    def text(self) -> str:
        return "\n".join(self.texts())


def _state(widget_id: str, kind: str, value) -> WidgetState:
    state = WidgetState(id=widget_id)
    if kind == "trigger":
        state.trigger_value = True
    elif isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, int):
        state.int_value = value
    else:
        state.string_value = str(value)
    return state


class StreamlitSession:
    """One browser tab: ``await connect()``, then ``click``/``submit`` and read ``page``."""

    def __init__(self, base_url: str, *, query_string: str = "", timeout: float = 60,
                 headers: dict[str, str] | None = None) -> None:
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.query_string = query_string
        self.timeout = timeout
        self.headers = headers or {}
        self.page = Page()
        self.page_script_hash = ""
        self.session_id = ""
        self.pages: dict[str, str] = {}  # page title -> page_script_hash (from st.navigation)
        self.upstream = ""  # X-Upstream response header of the handshake (behind nginx)
        self.runs = 0  # script runs the server started for this session (new_session messages)
        self.messages = 0  # ForwardMsgs received (each costs the server a websocket send)
        # Elements (not layout blocks) drawn by fragment runs. A fragment run opens its
        # container (an add_block) before its code runs; whether that block reaches the socket
        # before a following st.rerun() clears the queue depends on the server's flush timing.
        self.fragment_elements = 0
        self._ws = None
        self._values: dict[str, WidgetState] = {}

    async def connect(self) -> Page:
        try:
            self._ws = await asyncio.wait_for(
                websockets.connect(
                    self.ws_url, subprotocols=["streamlit"], ping_interval=None,
                    max_size=None, open_timeout=self.timeout, compression=None,
                    additional_headers=self.headers or None,
                ),
                self.timeout,
            )
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            raise ClientError(f"connect {self.ws_url}: {type(exc).__name__}: {exc}") from exc
        self.upstream = self._ws.response.headers.get("X-Upstream", "")
        return await self.rerun()

    async def close(self) -> None:
        if self._ws is not None:
            try:
                await asyncio.wait_for(self._ws.close(), 5)
            except Exception:  # noqa: BLE001  (closing a dead socket)
                pass
            self._ws = None

    async def rerun(self, states: list[WidgetState] | None = None, *,
                    fragment_id: str = "") -> Page:
        """Send a rerun with the given widget states and wait for the run(s) to finish."""
        msg = BackMsg()
        client_state = msg.rerun_script
        client_state.query_string = self.query_string
        client_state.page_script_hash = self.page_script_hash
        client_state.fragment_id = fragment_id
        if states:
            client_state.widget_states.widgets.extend(states)
        if self._ws is None:
            raise ClientError("not connected")
        try:
            await self._ws.send(msg.SerializeToString())
            return await asyncio.wait_for(self._read_until_finished(), self.timeout)
        except TimeoutError as exc:
            raise ClientError(f"no finished script run within {self.timeout:.0f}s") from exc
        except (OSError, websockets.WebSocketException) as exc:
            raise ClientError(f"connection lost: {type(exc).__name__}: {exc}") from exc

    async def _read_until_finished(self) -> Page:
        page = Page()
        while True:
            raw = await self._ws.recv()
            fmsg = ForwardMsg()
            fmsg.ParseFromString(raw)
            self.messages += 1
            kind = fmsg.WhichOneof("type")
            if kind == "new_session":
                self.runs += 1
                fragments = set(fmsg.metadata.run.fragment_ids)
                page = self.page.outside(fragments) if fragments else Page()
                self.session_id = fmsg.new_session.initialize.session_id or self.session_id
                if fmsg.new_session.page_script_hash:
                    self.page_script_hash = fmsg.new_session.page_script_hash
            elif kind == "delta":
                self.fragment_elements += bool(fmsg.delta.fragment_id) and (
                    fmsg.delta.WhichOneof("type") == "new_element")
                self._apply(page, fmsg)
            elif kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in fmsg.navigation.app_pages}
                if fmsg.navigation.page_script_hash:
                    self.page_script_hash = fmsg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fmsg.page_info_changed.query_string
            elif kind == "ref_hash":
                raise ClientError("server sent a cached-message reference (not expected)")
            elif kind == "script_finished":
                if fmsg.script_finished in FINISHED_OK:
                    page.elements.sort(key=lambda e: e[0])
                    self.page = page
                    return page
                # FINISHED_EARLY_FOR_RERUN: st.rerun(), the next run follows on its own

    @staticmethod
    def _apply(page: Page, fmsg: ForwardMsg) -> None:
        delta = fmsg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        etype = element.WhichOneof("type")
        path = tuple(fmsg.metadata.delta_path)
        page.elements = [e for e in page.elements if e[0] != path]
        proto = getattr(element, etype)
        page.elements.append((path, etype, proto))
        if delta.fragment_id:
            page.fragment_of[path] = delta.fragment_id
        else:
            page.fragment_of.pop(path, None)
        if etype == "exception":
            page.exceptions.append(f"{proto.type}: {proto.message}")

    # --- what a user does ------------------------------------------------------------------

    async def goto(self, page_name: str) -> Page:
        """Open another page of the st.navigation menu (as clicking it in the sidebar)."""
        if page_name not in self.pages:
            raise ClientError(f"no page {page_name!r} in the menu: {sorted(self.pages)}")
        self.page_script_hash = self.pages[page_name]
        return await self.rerun()

    def set(self, kind: str, label: str, value) -> None:
        """Set a widget value (sent with the next click; for forms, with the submit)."""
        widget = self.page.widget(kind, label)
        self._values[widget.id] = _state(widget.id, kind, value)

    async def click(self, label: str, *, key_prefix: str | None = None) -> Page:
        """Click a button (or form submit button) by label; optionally by its key prefix."""
        buttons = [w for w in self.page.widgets("button") if w.label == label]
        if key_prefix is not None:
            buttons = [w for w in buttons if w.key.startswith(key_prefix)]
        if not buttons:
            raise ClientError(
                f"no button {label!r} on the page; buttons: "
                f"{[w.label for w in self.page.widgets('button')]}; text: "
                f"{self.page.text()[:600]!r}"
            )
        button = buttons[0]
        on_page = {w.id for w in self.page.widgets()}
        states = [s for wid, s in self._values.items() if wid in on_page]
        states.append(_state(button.id, "trigger", True))
        page = await self.rerun(states, fragment_id=button.fragment_id)
        self._values = {wid: s for wid, s in self._values.items()
                        if wid in {w.id for w in page.widgets()}}
        return page


async def warm_up(base_url: str, timeout: float = 120) -> None:
    """One page load on a fresh server before concurrent sessions: the first script runs
    import the app, and concurrent first runs can fail with ImportError (see docs/scale.md)."""
    client = StreamlitSession(base_url, timeout=timeout)
    try:
        await client.connect()
    finally:
        await client.close()


# --- the participant journey of pages/participate.py ------------------------------------------


@dataclass
class VoteResult:
    statement_id: int
    value: str
    started: float
    acknowledged: float  # monotonic time the next page (next statement or end) was rendered


def join_steps(client: StreamlitSession, join_code: str, *, link: bool = False):
    """The join as named steps, each one user action (a callable returning an awaitable page):
    open the page -> Find my dialogue -> Join this dialogue -> consent -> briefing -> position
    before -> the voting step. ``link``: the page is opened from the invitation link or the
    room's QR code (``?join=CODE``), which lands on the dialogue: no "Find my dialogue".
    bench/join_cost.py measures the server's CPU per step."""

    async def open_page() -> Page:
        page = await client.connect()
        if not page.has_widget("text_input", "Join code"):
            raise ClientError(f"no join form: {page.text()[:400]!r} {page.exceptions}")
        return page

    async def open_link() -> Page:
        client.query_string = urlencode({"join": join_code})
        page = await client.connect()
        if not page.has_widget("button", "Join this dialogue"):
            raise ClientError(f"the link did not open the dialogue: {page.text()[:400]!r} "
                              f"{page.exceptions}")
        return page

    async def find() -> Page:
        client.set("text_input", "Join code", join_code)
        return await client.click("Find my dialogue")

    async def join() -> Page:
        page = await client.click("Join this dialogue")
        if "resume=" not in client.query_string:
            raise ClientError(f"join did not set a resume code: {page.text()[:400]!r}")
        return page

    async def consent() -> Page:
        client.set("checkbox", client.page.widgets("checkbox")[0].label, True)  # report
        return await client.click("Save my choices and continue")

    async def briefing() -> Page:
        return await client.click("I have read the briefing")

    async def position() -> Page:
        radios = client.page.widgets("radio")
        if len(radios) < 2:
            raise ClientError(f"no position form: {client.page.text()[:400]!r}")
        client.set("radio", radios[0].label, radios[0].proto.options[3])
        client.set("radio", radios[1].label, radios[1].proto.options[2])
        page = await client.click("Save and continue")
        if not any(w.key.startswith("vote-") for w in page.widgets("button")):
            raise ClientError(f"not at the voting step: {page.text()[:400]!r} {page.exceptions}")
        return page

    opening = ([("open the link", open_link)] if link
               else [("open the page", open_page), ("find my dialogue", find)])
    return [*opening, ("join this dialogue", join), ("consent", consent), ("briefing", briefing),
            ("position before", position)]


async def join_and_consent(client: StreamlitSession, join_code: str, *,
                           link: bool = False) -> None:
    """Join code form (or the invitation link) -> Find my dialogue -> Join this dialogue ->
    consent -> briefing -> position before -> the voting step."""
    for _name, step in join_steps(client, join_code, link=link):
        await step()


async def staff_live_votes(client: StreamlitSession, username: str, password: str) -> int:
    """Sign in as staff and read the 'Votes' figure of the Live counts page."""
    if not client.pages:
        await client.connect()
    page = await client.goto("Staff sign-in")
    client.set("text_input", "Username", username)
    client.set("text_input", "Password", password)
    page = await client.click("Sign in")
    page = await client.goto("Live counts")
    if page.exceptions:
        raise ClientError(f"exception on Live counts: {page.exceptions}")
    return int(page.metric("Votes").replace(",", ""))


def resume_code(client: StreamlitSession) -> str:
    for part in client.query_string.split("&"):
        if part.startswith("resume="):
            return part.removeprefix("resume=")
    return ""


def current_statement(page: Page) -> int | None:
    for w in page.widgets("button"):
        if w.key.startswith("vote-agree-"):
            return int(w.key.removeprefix("vote-agree-"))
    return None


async def vote_once(client: StreamlitSession, value: str = "agree") -> VoteResult | None:
    """Vote on the statement shown; acknowledged once the app shows another statement (or the
    end of the statements). None when there is nothing left to vote on."""
    statement_id = current_statement(client.page)
    if statement_id is None:
        return None
    label = {"agree": "Agree", "disagree": "Disagree", "pass": "Pass / unsure"}[value]
    started = time.monotonic()
    page = await client.click(label, key_prefix=f"vote-{value}-{statement_id}")
    if page.exceptions:
        raise ClientError(f"exception after vote: {page.exceptions}")
    following = current_statement(page)
    if following == statement_id:
        raise ClientError(f"vote on {statement_id} not taken: {page.text()[:400]!r}")
    return VoteResult(statement_id, value, started, time.monotonic())


def statement_steps(client: StreamlitSession, text: str):
    """Leaving the voting step and sending an own statement, as named steps (as join_steps)."""

    async def leave_voting() -> Page:
        label = ("Continue" if current_statement(client.page) is None
                 else "I have voted enough, continue")
        page = await client.click(label)
        if not page.has_widget("text_area", "Your statement"):
            raise ClientError(f"not at the own statement step: {page.text()[:400]!r} "
                              f"{page.exceptions}")
        return page

    async def send() -> Page:
        client.set("text_area", "Your statement", text)
        page = await client.click("Send my statement")
        if not page.has_widget("text_area", "Your answer (optional)"):
            raise ClientError(f"statement not accepted: {page.text()[:400]!r} "
                              f"{page.exceptions}")
        return page

    return [("leave the voting step", leave_voting), ("own statement", send)]


async def add_own_statement(client: StreamlitSession, text: str) -> None:
    """Leave the voting step and send an own statement."""
    for _name, step in statement_steps(client, text):
        await step()
