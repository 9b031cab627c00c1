"""The registry's rows of the access matrix (kisa/core/access.py)."""

from kisa.core.access import Access, everyone

R = "/register"
API = "/api/v1"

MEMBERS = everyone(200)
NOT_STAFF = everyone(200, read_only=403)  # the committee sees aggregates, not people
# Kita St. Martin (kita_a): its worker, its lead, its provider and the office; not worker B.
KITA_A = everyone(200, worker_b=404, outsider=404)
# Another office's record by id: 404 for everyone of office A, as if it did not exist.
OTHER_OFFICE = everyone(404, outsider=200)
# Worker A's staff record and assignment: not the committee, not worker B.
WORKER_A = everyone(200, worker_b=404, read_only=404, outsider=404)
COORDINATION = {"coordinator": 200, "outsider": 200}
COORDINATION_OR_ADMIN = {"coordinator": 200, "admin": 200, "outsider": 200}
OWN_OFFICE = everyone(200, outsider=404)

ROWS = [
    Access("registry overview", lambda w: f"{R}/uebersicht/", MEMBERS),
    Access("registry municipality list", lambda w: f"{R}/gemeinden/", MEMBERS),
    Access("registry kita list", lambda w: f"{R}/kitas/", MEMBERS),
    Access("registry kita detail", lambda w: f"{R}/kitas/{w.kita_a.pk}/", KITA_A),
    Access(
        "registry kita detail of the other office", lambda w: f"{R}/kitas/{w.other_kita.pk}/", OTHER_OFFICE
    ),
    Access("registry kita create form", lambda w: f"{R}/kitas/neu/", COORDINATION),
    Access(
        "registry kita edit form",
        lambda w: f"{R}/kitas/{w.kita_a.pk}/bearbeiten/",
        {"coordinator": 200, "worker_b": 404, "outsider": 404},
    ),
    Access(
        "registry kita edit form of the other office",
        lambda w: f"{R}/kitas/{w.other_kita.pk}/bearbeiten/",
        OTHER_OFFICE,
    ),
    Access("registry provider detail", lambda w: f"{R}/traeger/{w.church.pk}/", OWN_OFFICE),
    Access("registry social area detail", lambda w: f"{R}/sozialraeume/{w.social_area.pk}/", OWN_OFFICE),
    Access("registry staff list", lambda w: f"{R}/personal/", NOT_STAFF),
    Access("registry staff detail", lambda w: f"{R}/personal/{w.worker_a.pk}/", WORKER_A),
    Access(
        "registry staff detail of the other office",
        lambda w: f"{R}/personal/{w.other_worker.pk}/",
        OTHER_OFFICE,
    ),
    Access("registry assignment detail", lambda w: f"{R}/zustaendigkeiten/{w.assignment_a.pk}/", WORKER_A),
    Access(
        "registry assignment detail of the other office",
        lambda w: f"{R}/zustaendigkeiten/{w.other_assignment.pk}/",
        OTHER_OFFICE,
    ),
    Access("registry import", lambda w: f"{R}/import/", COORDINATION_OR_ADMIN),
    Access("registry api kitas", lambda w: f"{API}/kitas", MEMBERS, json=True),
    Access("registry api kita", lambda w: f"{API}/kitas/{w.kita_a.pk}", KITA_A, json=True),
    Access(
        "registry api kita of the other office",
        lambda w: f"{API}/kitas/{w.other_kita.pk}",
        OTHER_OFFICE,
        json=True,
    ),
    Access(
        "registry api staff member",
        lambda w: f"{API}/staff/{w.worker_a.pk}",
        {**WORKER_A, "read_only": 403},
        json=True,
    ),
    Access(
        "registry api staff member of the other office",
        lambda w: f"{API}/staff/{w.other_worker.pk}",
        {**OTHER_OFFICE, "read_only": 403},
        json=True,
    ),
    Access(
        "registry api kita change",
        lambda w: f"{API}/kitas/{w.kita_a.pk}",
        {"coordinator": 200, "outsider": 404},
        method="patch",
        data=lambda w: {},
        json=True,
    ),
    Access(
        "registry api kita change of the other office",
        lambda w: f"{API}/kitas/{w.other_kita.pk}",
        {"coordinator": 404, "outsider": 200},
        method="patch",
        data=lambda w: {},
        json=True,
    ),
]
