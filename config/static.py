"""Static files storage for production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names (cached for a year by whitenoise), gzip/brotli copies, and JavaScript
    module imports (`import … from "./results.js"`) rewritten to the hashed names too."""

    support_js_module_import_aggregation = True
