"""The demo library: approved resources with real files in Kazakh and Russian, one pending in
the review queue, certificates for the approved ones; a second run adds nothing."""

from __future__ import annotations

from intranet.demo import seed_demo
from intranet.extensions import db
from intranet.resources.models import Resource, ResourceFile, ResourceLanguage, ResourceStatus
from intranet.resources.storage import get_storage


def test_the_demo_library_is_seeded_once(app):
    seed_demo()
    resources = list(db.session.scalars(db.select(Resource)))
    approved = [r for r in resources if r.status == ResourceStatus.APPROVED]
    pending = [r for r in resources if r.status == ResourceStatus.PENDING]
    assert len(approved) >= 5 and len(pending) == 1
    assert {r.language for r in approved} >= {ResourceLanguage.KAZAKH, ResourceLanguage.RUSSIAN}
    assert all(r.certificate_code for r in approved)
    for file in db.session.scalars(db.select(ResourceFile)):
        assert get_storage().path(file.storage_key).is_file()
    count = len(resources)
    seed_demo()
    assert db.session.scalar(db.select(db.func.count(Resource.id))) == count
