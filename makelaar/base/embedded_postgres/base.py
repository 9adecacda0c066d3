from pathlib import Path

from django.db.backends.postgresql import base

from makelaar.base.database import start_embedded_server


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        if not self.settings_dict.get("HOST"):
            host, port = start_embedded_server(Path(self.settings_dict["PGDATA"]))
            self.settings_dict["HOST"] = host
            self.settings_dict["PORT"] = str(port)
        return super().get_connection_params()
