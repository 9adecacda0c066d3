# Single sign-on (issue 18): the identity provider's subject of a user.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("makelaar", "0013_neighbourhood_figures_outlines_profiles"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="oidc_subject",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=255,
                null=True,
                unique=True,
                verbose_name="single sign-on subject",
            ),
        ),
    ]
