"""Server config for fallbacks.spec.ts: a second, throwaway JupyterLab that
opens a saved notebook the way someone without our renderer would see it.

The test starts it with:
  SOFTMAX_NR_ROOT  folder holding the saved notebook (the server root)
  SOFTMAX_NR_STATE folder for workspaces and user settings (outside the root)
  SOFTMAX_NR_PORT  a free port
  JUPYTER_CONFIG_DIR  a folder whose labconfig/page_config.json disables the
                      plugin 'jupyterlab-softmax:renderers' (what
                      `jupyter labextension disable --level=user` writes)
"""

import os
import secrets
from pathlib import Path

root = Path(os.environ["SOFTMAX_NR_ROOT"])
state = Path(os.environ["SOFTMAX_NR_STATE"])

c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port = int(os.environ["SOFTMAX_NR_PORT"])
c.ServerApp.port_retries = 0  # a busy port must fail loudly, not silently move
c.ServerApp.open_browser = False
c.ServerApp.allow_root = True  # CI runs as root
c.ServerApp.root_dir = str(root)
c.IdentityProvider.token = ""
c.ServerApp.password = ""
c.ServerApp.disable_check_xsrf = True
c.LabApp.expose_app_in_browser = True  # tests read window.jupyterapp
c.LabApp.workspaces_dir = str(state / "workspaces")
c.LabApp.user_settings_dir = str(state / "user-settings")
c.LabServerApp.extra_labextensions_path = []

# A notebook received from someone else is untrusted: its signature was made
# with another secret. Without this, the shared signature database would
# trust the notebook the first server just signed on save.
c.NotebookNotary.db_file = ":memory:"
c.NotebookNotary.secret = secrets.token_bytes(32)

# Silence the "official Jupyter news?" toast, which would cover screenshots.
_news = state / "user-settings" / "@jupyterlab" / "apputils-extension"
_news.mkdir(parents=True, exist_ok=True)
(_news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
