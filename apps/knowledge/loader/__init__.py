"""The knowledge loader: reads the YAML files in `fixtures/knowledge/`, checks all of them,
then writes them to the database in one transaction. A bad file leaves the database as it
was, and every problem names the file and the entry.

- `specs`: the typed specs the files are read into;
- `reading`: parsing and checking, “file: entry: problem”;
- `deriving`: what the loader derives (what each self-care involves, doses, stop rules);
- `placing`: where each trigger point's ✕ lies on the chart;
- `digest`: the knowledge digest (files, chart geometry, regions, areas, format version);
- `writing`: the one transaction that writes it all.
"""

from apps.knowledge.loader.deriving import derive_involves
from apps.knowledge.loader.digest import FORMAT_VERSION, knowledge_digest
from apps.knowledge.loader.placing import site_point
from apps.knowledge.loader.reading import read_documents, read_knowledge
from apps.knowledge.loader.specs import KnowledgeError, KnowledgeSpec
from apps.knowledge.loader.writing import LoadReport, load_knowledge

__all__ = [
    "FORMAT_VERSION",
    "KnowledgeError",
    "KnowledgeSpec",
    "LoadReport",
    "derive_involves",
    "knowledge_digest",
    "load_knowledge",
    "read_documents",
    "read_knowledge",
    "site_point",
]
