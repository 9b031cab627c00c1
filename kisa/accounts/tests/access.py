"""The accounts' rows of the access matrix (kisa/core/access.py)."""

from kisa.core.access import Access, everyone

K = "/konto"
API = "/api/v1/accounts"

MANAGERS = {"coordinator": 200, "admin": 200, "outsider": 200}

ROWS = [
    Access("accounts security page", lambda w: f"{K}/sicherheit/", everyone(200)),
    Access("accounts api tokens page", lambda w: f"{K}/tokens/", everyone(200)),
    Access("accounts user list", lambda w: f"{K}/benutzer/", MANAGERS),
    Access("accounts invitation form", lambda w: f"{K}/einladungen/neu/", MANAGERS),
    Access(
        "accounts unlock a user",
        lambda w: f"{K}/benutzer/{w.users['worker_b'].pk}/unlock/",
        {"coordinator": 302, "admin": 302, "outsider": 404},
        method="post",
        data=lambda w: {},
    ),
    Access(
        "accounts unlock a user of the other office",
        lambda w: f"{K}/benutzer/{w.users['outsider'].pk}/unlock/",
        {"coordinator": 404, "admin": 404, "outsider": 302},
        method="post",
        data=lambda w: {},
    ),
    Access("accounts audit log", lambda w: "/protokoll/", MANAGERS),
    Access("accounts api me", lambda w: f"{API}/me", everyone(200), json=True),
    Access("accounts api tokens", lambda w: f"{API}/tokens", everyone(200), json=True),
]
