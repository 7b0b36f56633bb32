"""jupyterlab-softmax: a PyTorch-compatible in-browser kernel and softmax renderers for JupyterLab."""

try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_softmax' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    """Where JupyterLab finds the prebuilt labextension shipped in this package."""
    return [{"src": "labextension", "dest": "jupyterlab-softmax"}]
