"""Administrators manage staff accounts: list them, create one, change a role, deactivate or
reactivate an account, reset a password."""

import streamlit as st

from engagement.services import staff
from engagement.services.staff import PASSWORD_MIN_CHARS, Role, new_password
from engagement.ukdates import uk_date, uk_datetime
from pages._ui import require, run

ROLE_LABELS = {
    Role.FACILITATOR: "Facilitator: sets up and runs dialogues",
    Role.BOARD: "Board member: reads the board pages and records decisions",
    Role.EVALUATOR: "Evaluator: reads what the board reads, changes nothing",
    Role.ADMIN: "Administrator: runs dialogues and manages staff accounts",
}
ROLES = [role.value for role in Role]
FLASH = "admin_staff_flash"  # (message, password to show once or None), kept over a rerun


def done(message: str, password: str | None = None) -> None:
    st.session_state[FLASH] = (message, password)
    st.rerun()


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


user = require("manage_staff")
st.title("Staff accounts")
st.caption(
    "Create accounts for facilitators, board members, evaluators and administrators, change "
    "what they can do, and close accounts that are no longer needed. Every change is written "
    "to the audit log."
)

if FLASH in st.session_state:
    message, password = st.session_state.pop(FLASH)
    st.success(message)
    if password:
        st.warning(
            "Give this password to its owner now, in person or by a separate channel. "
            "It is shown only once and cannot be looked up later.",
            icon=":material/key:",
        )
        st.code(password, language=None)

accounts = run(lambda s: staff.list_users(session=s, by=user)) or []
st.header("Accounts")
st.dataframe(
    [
        {
            "Username": account.username,
            "Role": account.role,
            "Status": "Active" if account.active else "Deactivated",
            "Locked until": uk_datetime(account.locked_until)
            if account.locked_until
            else "",
            "Created": uk_date(account.created_at),
        }
        for account in accounts
    ],
    hide_index=True,
    width="stretch",
)

with st.expander("Create an account"):
    with st.form("create-account", clear_on_submit=True):
        username = st.text_input(
            "Username", help="3 to 64 lower-case letters, digits, dots, dashes or underscores."
        )
        role = st.selectbox("Role", ROLES, format_func=role_label, key="create_role")
        chosen = st.text_input(
            "Password (leave empty to make a random one)",
            type="password",
            help=f"At least {PASSWORD_MIN_CHARS} characters.",
        )
        if st.form_submit_button("Create account", type="primary"):
            password = chosen or new_password(username.strip())
            created = run(lambda s: staff.create_user(
                session=s, username=username.strip(), password=password, role=role, by=user
            ))
            if created is not None:
                done(f"Created the {created.role} account '{created.username}'.",
                     None if chosen else password)

if not accounts:
    st.stop()

st.header("Change an account")
by_id = {account.id: account for account in accounts}
account = by_id[st.selectbox(
    "Account",
    list(by_id),
    format_func=lambda i: f"{by_id[i].username} ({by_id[i].role}"
    + ("" if by_id[i].active else ", deactivated") + ")",
    key="admin_account",
)]
if account.id == user.id:
    st.info("This is your own account: another administrator changes its role or closes it.")

role_tab, access_tab, password_tab = st.tabs(["Role", "Deactivate or reactivate", "Password"])

with role_tab, st.form("change-role"):
    new_role = st.selectbox("New role", ROLES, index=ROLES.index(account.role)
                            if account.role in ROLES else 0,
                            format_func=role_label, key="new_role")
    if st.form_submit_button("Change role"):
        changed = run(lambda s: staff.change_role(
            session=s, user_id=account.id, role=new_role, by=user
        ))
        if changed is not None:
            done(f"'{changed.username}' is now {role_label(changed.role).split(':')[0].lower()}.")

with access_tab:
    if account.active:
        st.write(
            "A deactivated account cannot sign in, and anyone signed in with it is signed out "
            "at their next step. Nothing it did is deleted."
        )
        if st.button("Deactivate account", type="primary"):
            if run(lambda s: staff.deactivate(session=s, user_id=account.id, by=user)):
                done(f"Deactivated '{account.username}'. It can no longer sign in.")
    else:
        st.write("This account is deactivated. Reactivating it lets its owner sign in again.")
        if st.button("Reactivate account", type="primary"):
            if run(lambda s: staff.reactivate(session=s, user_id=account.id, by=user)):
                done(f"Reactivated '{account.username}'. It can sign in again.")

with password_tab, st.form("reset-password", clear_on_submit=True):
    st.write(
        "Set a new password when someone has forgotten theirs or is locked out. Their old "
        "password stops working at once, and any lock after failed sign-ins is lifted."
    )
    typed = st.text_input("New password (leave empty to make a random one)", type="password",
                          help=f"At least {PASSWORD_MIN_CHARS} characters.")
    if st.form_submit_button("Reset password"):
        password = run(lambda s: staff.reset_password(
            session=s, user_id=account.id, password=typed or None, by=user
        ))
        if password is not None:
            done(f"Set a new password for '{account.username}'.", None if typed else password)
