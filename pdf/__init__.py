"""PDF making that no channel owns: WeasyPrint rendering under a time limit, the URL
fetcher that serves only the project's own files, the fonts, the SVG sanitiser, the
private storage of generated files and the background render jobs.

Channels (``bulletins``, ``stickers``, the campaign report) build on it; it imports
none of them: each channel registers its kind of job (:func:`pdf.jobs.register_kind`).
"""
