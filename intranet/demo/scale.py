"""``seed-demo --scale N``: N units of generated districts, schools, networks and about 100
people each, written with bulk inserts so that ``--scale 100`` (10,000 people) takes seconds.
Each step skips what exists already. Benchmark data only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from ..accounts.models import LevelCertificate, User, new_session_token
from ..core.db import utcnow
from ..extensions import db
from ..network.models import District, Network, NetworkKind, NetworkSchool, School
from ..network.schools import school_search_key
from .network import KK, LEADING, MIXED, PARTNER, PLACES
from .people import ACTIVE, PENDING, SL, T
from .seeding import Seeding

SCALE_DOMAIN = "scale.zheli.kz"

# --- Scale: generated districts, schools, networks and people for benchmarks --------------------

SCHOOLS_PER_DISTRICT = 10
PEOPLE_PER_UNIT = 100

FIRST_NAMES = (
    ("Айгүл", "kk"), ("Ерлан", "kk"), ("Динара", "kk"), ("Нұрлан", "kk"), ("Жанар", "kk"),
    ("Бауыржан", "kk"), ("Салтанат", "kk"), ("Асқар", "kk"), ("Анна", "ru"), ("Сергей", "ru"),
    ("Татьяна", "ru"), ("Андрей", "ru"),
)  # fmt: skip
LAST_NAMES = (
    "Әлімова", "Серікбаев", "Жақыпова", "Тоқтаров", "Қасымова", "Иванов", "Ким", "Оспанова",
    "Мұратов", "Попова", "Бекова", "Нұрланов", "Сидоренко",
)  # fmt: skip
SUBJECTS = (
    "Математика", "Қазақ тілі", "Орыс тілі", "Ағылшын тілі", "Физика", "Химия", "Биология",
    "Тарих", "Информатика", "Бастауыш сынып", "География",
)  # fmt: skip


def generated_district_name(unit: int) -> str:
    return f"Демо ауданы {unit}"


def generated_school_name(number: int) -> str:
    return f"№{number} жалпы білім беретін мектеп"


def generated_network_name(region_name: str, unit: int) -> str:
    return f"{region_name}, {generated_district_name(unit)}: жетекші мектеп желісі"


@dataclass
class ScalePlan:
    """Ids of the generated rows, filled in step by step: (place, unit[, number]) → id."""

    scale: int
    districts: dict[tuple[str, int], int] = field(default_factory=dict)
    schools: dict[tuple[str, int, int], int] = field(default_factory=dict)

    @property
    def units(self) -> range:
        return range(1, self.scale + 1)


def _ids_by(statement) -> dict[tuple, int]:
    return {tuple(row[:-1]): row[-1] for row in db.session.execute(statement)}


def scale_districts(seeding: Seeding, plan: ScalePlan) -> None:
    region_ids = {place: seeding.regions[place].id for place in PLACES}
    existing = _ids_by(
        db.select(District.region_id, District.name, District.id).where(
            District.region_id.in_(region_ids.values())
        )
    )
    missing = [
        {"region_id": region_id, "name": generated_district_name(unit)}
        for unit in plan.units
        for region_id in region_ids.values()
        if (region_id, generated_district_name(unit)) not in existing
    ]
    seeding.bulk_insert(District, missing)
    if missing:
        existing = _ids_by(
            db.select(District.region_id, District.name, District.id).where(
                District.region_id.in_(region_ids.values())
            )
        )
    for place, region_id in region_ids.items():
        for unit in plan.units:
            plan.districts[place, unit] = existing[region_id, generated_district_name(unit)]


def _generated_schools_by_key(district_ids: Iterable[int]) -> dict[tuple, int]:
    return _ids_by(
        db.select(School.district_id, School.name, School.id).where(
            School.district_id.in_(list(district_ids))
        )
    )


def scale_schools(seeding: Seeding, plan: ScalePlan) -> None:
    existing = _generated_schools_by_key(plan.districts.values())
    missing = []
    for (_place, unit), district_id in plan.districts.items():
        district = SimpleNamespace(name=generated_district_name(unit))
        for number in range(1, SCHOOLS_PER_DISTRICT + 1):
            name = generated_school_name(number)
            if (district_id, name) in existing:
                continue
            key = school_search_key(
                SimpleNamespace(number=str(number), name=name, district=district)
            )
            missing.append(
                {
                    "district_id": district_id,
                    "number": str(number),
                    "name": name,
                    "is_rural": number > SCHOOLS_PER_DISTRICT // 2,
                    "instruction_language": KK if number % 3 else MIXED,
                    "search_key": key,
                    "archived": False,
                }
            )
    seeding.bulk_insert(School, missing)
    if missing:
        existing = _generated_schools_by_key(plan.districts.values())
    for (place, unit), district_id in plan.districts.items():
        for number in range(1, SCHOOLS_PER_DISTRICT + 1):
            plan.schools[place, unit, number] = existing[district_id, generated_school_name(number)]


def scale_networks(seeding: Seeding, plan: ScalePlan) -> None:
    """One leading school and nine partners (the 1:10 rule) in every generated district."""
    names = {
        (place, unit): generated_network_name(seeding.regions[place].name, unit)
        for place, unit in plan.districts
    }
    lookup = db.select(Network.name, Network.id).where(Network.name.in_(list(names.values())))
    existing = _ids_by(lookup)
    now = utcnow()
    seeding.bulk_insert(
        Network,
        [
            {
                "name": name,
                "kind": NetworkKind.LEADING_SCHOOL,
                "description": "",
                "description_html": "",
                "region_id": seeding.regions[place].id,
                "university_id": None,
                "created_at": now,
                "archived": False,
            }
            for (place, _unit), name in names.items()
            if (name,) not in existing
        ],
    )
    network_ids = {key: id_ for (key,), id_ in _ids_by(lookup).items()}
    pairs = {
        (network_id, school_id)
        for network_id, school_id in db.session.execute(
            db.select(NetworkSchool.network_id, NetworkSchool.school_id).where(
                NetworkSchool.network_id.in_(list(network_ids.values()))
            )
        )
    }
    rows = []
    for (place, unit), name in names.items():
        network_id = network_ids[name]
        for number in range(1, SCHOOLS_PER_DISTRICT + 1):
            school_id = plan.schools[place, unit, number]
            if (network_id, school_id) not in pairs:
                role = LEADING if number == 1 else PARTNER
                rows.append(
                    {
                        "network_id": network_id,
                        "school_id": school_id,
                        "role": role,
                        "joined_at": now,
                    }
                )
    seeding.bulk_insert(NetworkSchool, rows)


def scale_people(seeding: Seeding, plan: ScalePlan) -> None:
    """``PEOPLE_PER_UNIT`` people over the unit's schools: one director each, then teachers,
    every tenth teacher still waiting for approval. E-mails are deterministic."""
    existing = set(
        db.session.scalars(db.select(User.email).where(User.email.like(f"%@{SCALE_DOMAIN}")))
    )
    places = list(PLACES)
    schools_per_unit = len(places) * SCHOOLS_PER_DISTRICT
    now = utcnow()
    rows = []
    for unit in plan.units:
        for n in range(PEOPLE_PER_UNIT):
            place = places[(n % schools_per_unit) // SCHOOLS_PER_DISTRICT]
            number = n % SCHOOLS_PER_DISTRICT + 1
            code = f"{unit}-{place}-{number}"
            leader = n < schools_per_unit
            email = (
                f"director.s{code}@{SCALE_DOMAIN}"
                if leader
                else f"teacher.s{code}.{n}@{SCALE_DOMAIN}"
            )
            if email in existing:
                continue
            first, locale = FIRST_NAMES[(unit + n) % len(FIRST_NAMES)]
            last = LAST_NAMES[(unit * 7 + n) % len(LAST_NAMES)]
            rows.append(
                {
                    "email": email,
                    "password_hash": seeding.password_hash,
                    "full_name": f"{first} {last}",
                    "school_id": plan.schools[place, unit, number],
                    "subject": SUBJECTS[n % len(SUBJECTS)],
                    "level_certificate": LevelCertificate.NONE,
                    "locale": locale,
                    "role": SL if leader else T,
                    "status": PENDING if not leader and n % 10 == 9 else ACTIVE,
                    "rules_accepted_at": now,
                    "created_at": now,
                    "rejection_reason": "",
                    "session_token": new_session_token(),
                }
            )
    seeding.bulk_insert(User, rows)


#: Generated data for ``--scale N``, in order; each step skips what exists already.
SCALE_STEPS: list[Callable[[Seeding, ScalePlan], None]] = [
    scale_districts,
    scale_schools,
    scale_networks,
    scale_people,
]
