"""The lists every municipality starts with; the functional administrator changes them."""

from django.db import migrations

THEMES = [
    ("financiën", "Finances"),
    ("dagbesteding", "Daytime activities"),
    ("huisvesting", "Housing"),
    ("huiselijke relaties", "Domestic relations"),
    ("geestelijke gezondheid", "Mental health"),
    ("lichamelijke gezondheid", "Physical health"),
    ("sociaal netwerk", "Social network"),
    ("eenzaamheid", "Loneliness"),
    ("maatschappelijke participatie", "Social participation"),
    ("taal en digitale vaardigheden", "Language and digital skills"),
    ("opvoeding en opgroeien", "Parenting and growing up"),
    ("leefomgeving", "Living environment"),
]

TARGET_GROUPS = [
    ("ouderen", "Older people"),
    ("jongeren", "Young people"),
    ("gezinnen", "Families"),
    ("statushouders", "Refugees with a residence permit"),
    ("mensen met een beperking", "People with a disability"),
    ("mantelzorgers", "Informal carers"),
    ("alle bewoners", "All residents"),
]


def add_lists(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("makelaar", model_name)
        for position, (name, name_en) in enumerate(rows):
            model.objects.get_or_create(name=name, defaults={"name_en": name_en, "position": position})


class Migration(migrations.Migration):
    dependencies = [("makelaar", "0002_auditentry_append_only")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
