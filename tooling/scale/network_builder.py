"""The makelaars' network for seed_scale (issue 17): per area a dozen key persons by role
and a network contact or two a week over the years, written with COPY like the rest of
the builder (no audit entries), so the network page has realistic data to be timed on."""

from __future__ import annotations

from datetime import timedelta

from initiatives.models import ContactKind, KeyPerson, NetworkContact, RoleActivity
from initiatives.network import NETWORK_PHASES

ROLES = [
    "huismeester woningcorporatie",
    "wijkagent",
    "beheerder buurthuis",
    "voorzitter bewonersvereniging",
    "buurtsportcoach",
    "jongerenwerker",
    "wijkverpleegkundige",
    "schoolmaatschappelijk werker",
    "predikant",
    "imam",
    "winkelier op het plein",
    "coördinator voedselbank",
]
NOTES = ["", "Kent de buurt goed.", "Hoort veel in de koffiehoek.", "Denkt mee bij activiteiten."]
SUMMARIES = {
    ContactKind.AREA_MEETING: "Wijkoverleg: wat speelt er en wie pakt wat op.",
    ContactKind.NETWORK_MEETING: "Netwerkbijeenkomst: aanbod afgestemd en elkaar leren kennen.",
    ContactKind.ORGANISATION: "Gesprek met een organisatie over samenwerking in de wijk.",
    ContactKind.KEY_PERSON: "Bijgepraat met een sleutelpersoon over de buurt.",
    ContactKind.OTHER: "Kennismaking en afstemming.",
}
KINDS = list(SUMMARIES)
KIND_WEIGHTS = [30, 15, 25, 25, 5]
ACTIVITIES = [RoleActivity.FACILITATING, RoleActivity.LEARNING_TOGETHER, RoleActivity.COACHING,
              RoleActivity.ENABLING_GROWTH, RoleActivity.ENCOURAGING]  # fmt: skip
#: Network contacts per area per week, on average.
PER_WEEK = 1.5


def build_network(builder, copy_rows, reserve_ids) -> dict[str, int]:
    """`builder` is the ScaleBuilder after its initiatives; `copy_rows` and `reserve_ids`
    its writers (passed in, so this module does not import the builder back)."""
    rng, cursor = builder.rng, builder.cursor
    running_by_area: dict[int, list[int]] = {}
    for plan in builder.plans:
        if plan.phases and plan.phases[-1] in NETWORK_PHASES:
            running_by_area.setdefault(plan.area, []).append(plan.id)
    areas = [a for a in builder.hoods_of_area if builder.makelaars_of_area.get(a)]
    people, hood_links, initiative_links = [], [], []
    key_of_area: dict[int, list[tuple[int, int | None]]] = {}
    first_key = reserve_ids(cursor, KeyPerson, len(areas) * len(ROLES))
    pk = first_key
    for a in areas:
        orgs = builder.orgs_of_area.get(a) or []
        for role in rng.sample(ROLES, rng.randint(8, len(ROLES))):
            org = rng.choice(orgs) if orgs and rng.random() < 0.6 else None
            keeper = rng.choice(builder.makelaars_of_area[a])
            active = rng.random() < 0.9
            created = builder._stamp(builder._day_between(builder.start, builder.today))
            people.append(
                (pk, builder.area_ids[a], role, org, keeper, rng.choice(NOTES), active, created)
            )
            hoods = builder.hoods_of_area[a]
            for h in rng.sample(hoods, min(len(hoods), rng.randint(1, 2))):
                hood_links.append((pk, builder.hoods[h][1]))
            running = running_by_area.get(a, [])
            for initiative in rng.sample(running, min(len(running), rng.randint(0, 3))):
                initiative_links.append((pk, initiative))
            key_of_area.setdefault(a, []).append((pk, org))
            pk += 1
    copy_rows(
        cursor,
        KeyPerson,
        ["id", "area_id", "role", "organisation_id", "kept_by_id", "note", "is_active",
         "created_at"],
        people,
    )  # fmt: skip
    copy_rows(cursor, KeyPerson.neighbourhoods.through, ["keyperson_id", "neighbourhood_id"],
              hood_links)  # fmt: skip
    copy_rows(cursor, KeyPerson.initiatives.through, ["keyperson_id", "initiative_id"],
              initiative_links)  # fmt: skip

    weeks = max(1, (builder.today - builder.start).days // 7)
    planned = []
    for a in areas:
        for _ in range(round(weeks * PER_WEEK)):
            planned.append((a, builder.today - timedelta(days=rng.randrange(weeks * 7))))
    first_contact = reserve_ids(cursor, NetworkContact, len(planned))
    contacts, org_links, key_links = [], [], []
    for offset, (a, day) in enumerate(planned):
        pk = first_contact + offset
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        contacts.append(
            (pk, builder.area_ids[a], day, rng.choice(builder.makelaars_of_area[a]), kind,
             rng.choice(ACTIVITIES), rng.choice([30, 45, 60, 90, 120]), SUMMARIES[kind],
             builder._stamp(day))
        )  # fmt: skip
        keys = key_of_area.get(a, [])
        met = rng.sample(keys, min(len(keys), rng.randint(0, 2)))
        key_links += [(pk, key) for key, _org in met]
        orgs = {org for _key, org in met if org} | set(
            rng.sample(
                builder.orgs_of_area.get(a) or [],
                min(len(builder.orgs_of_area.get(a) or []), rng.randint(0, 1)),
            )
        )
        org_links += [(pk, org) for org in sorted(orgs)]
    copy_rows(
        cursor,
        NetworkContact,
        ["id", "area_id", "happened_on", "author_id", "kind", "activity", "minutes", "summary",
         "created_at"],
        contacts,
    )  # fmt: skip
    copy_rows(cursor, NetworkContact.organisations.through, ["networkcontact_id",
              "organisation_id"], org_links)  # fmt: skip
    copy_rows(cursor, NetworkContact.key_persons.through, ["networkcontact_id", "keyperson_id"],
              key_links)  # fmt: skip
    return {"key persons": len(people), "network contacts": len(contacts)}
