"""Server config for the browser tests: a throwaway JupyterLab on 127.0.0.1.

Everything the server writes (notebooks, workspaces, user settings) goes to a
fresh temporary folder, so runs never see each other's state.
"""

import os
import shutil
import tempfile
from pathlib import Path

root = Path(tempfile.mkdtemp(prefix="softmax-ui-"))
shutil.copytree(Path(__file__).resolve().parent.parent / "examples", root / "examples")

c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port = int(os.environ.get("SOFTMAX_UI_PORT", "8899"))
c.ServerApp.port_retries = 0  # a busy port must fail loudly, not silently move
c.ServerApp.open_browser = False
c.ServerApp.allow_root = True  # CI runs as root
c.ServerApp.root_dir = str(root)
c.IdentityProvider.token = ""
c.ServerApp.password = ""
c.ServerApp.disable_check_xsrf = True
c.LabApp.expose_app_in_browser = True  # tests read window.jupyterapp
c.LabApp.workspaces_dir = str(root / ".workspaces")
c.LabApp.user_settings_dir = str(root / ".user-settings")
c.LabServerApp.extra_labextensions_path = []

# Silence the "official Jupyter news?" toast, which would cover screenshots.
_news = root / ".user-settings" / "@jupyterlab" / "apputils-extension"
_news.mkdir(parents=True)
(_news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
