"""The printable bulletin: an edition's content, its print HTML, its PDF and their store.

``content`` selects and prepares what an edition prints; ``render`` lays it out
with WeasyPrint and keeps the PDFs; ``views`` serves them (page URL ``pdf/``,
admin preview and downloads).
"""
