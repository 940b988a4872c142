// SPDX-License-Identifier: MIT
// Journey step (newer revision): a vector database every process can share.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "../Components"
import "../Components/StepRules.js" as StepRules

JourneyPage {
    id: root

    readonly property string kind: root.session.plan.vector_db.kind
    /** The address the bundle uses when the URL is empty, shown as the field's hint (the exporters' defaults). */
    readonly property var defaultUrls: ({ "chroma-http": "http://chromadb:8000", "qdrant": "http://qdrant:6333",
                                          "milvus": "http://milvus:19530" })

    title: qsTr("Vector database and embeddings")
    why: qsTr("Documents and knowledge bases are embedded into a vector database. The default, an embedded Chroma, is a local file like SQLite, so several processes cannot share it safely. With more than one process use a server (Chroma over HTTP, Qdrant, Milvus …) or pgvector in PostgreSQL — whose own pool then counts against max_connections too. The local embedding model loads in every process; an embedding API (OpenAI-compatible or Ollama) needs its model named, because the local default is not served there.")
    source: qsTr("multi-replica-troubleshooting.md, Core Requirements Checklist 5 (not in the seed's five steps)")
    rules: StepRules.of("vectordb")

    ChoiceField {
        objectName: "vectorDbKindField"
        session: root.session; pointer: "/vector_db/kind"
        label: qsTr("Vector database"); hint: qsTr("VECTOR_DB")
    }
    TextSettingField {
        objectName: "vectorDbUrlField"
        session: root.session; pointer: "/vector_db/url"
        label: qsTr("URL"); hint: qsTr("The server's address (CHROMA_HTTP_HOST, QDRANT_URI, PGVECTOR_DB_URL …); switching the kind clears it")
        placeholder: root.defaultUrls[root.kind] ?? ""
    }
    ColumnLayout {
        visible: root.kind === "pgvector"
        spacing: 8
        Layout.fillWidth: true
        SwitchField {
            session: root.session; pointer: "/vector_db/pgvector_same_server"
            label: qsTr("pgvector on the same server"); hint: qsTr("Its connections count against the same max_connections")
        }
        NumberField {
            session: root.session; pointer: "/vector_db/pgvector_pool_size"
            label: qsTr("pgvector pool size"); hint: qsTr("PGVECTOR_POOL_SIZE")
            from: 0; to: 10000; nullable: true
        }
        NumberField {
            session: root.session; pointer: "/vector_db/pgvector_max_overflow"
            label: qsTr("pgvector pool overflow"); hint: qsTr("PGVECTOR_POOL_MAX_OVERFLOW")
            from: 0; to: 10000
        }
    }

    ChoiceField {
        objectName: "embeddingsField"
        session: root.session; pointer: "/embeddings"
        label: qsTr("Embeddings"); hint: qsTr("RAG_EMBEDDING_ENGINE: the local model in every process, or an API")
    }
    ColumnLayout {
        visible: root.session.plan.embeddings !== "local"
        spacing: 8
        Layout.fillWidth: true

        TextSettingField {
            objectName: "embeddingModelField"
            session: root.session; pointer: "/embedding_model"
            label: qsTr("Embedding model"); hint: qsTr("RAG_EMBEDDING_MODEL: the API's model name; the local default is not served by an API")
            placeholder: root.session.plan.embeddings === "ollama" ? "nomic-embed-text" : "text-embedding-3-small"
        }
        TextSettingField {
            session: root.session; pointer: "/embedding_base_url"
            label: qsTr("Embedding API URL"); hint: root.session.plan.embeddings === "ollama"
                ? qsTr("RAG_OLLAMA_BASE_URL") : qsTr("RAG_OPENAI_API_BASE_URL (empty: https://api.openai.com/v1); the key is a secret in .env")
            placeholder: root.session.plan.embeddings === "ollama" ? "http://ollama:11434" : "https://api.openai.com/v1"
        }
    }
    ChoiceField {
        objectName: "contentExtractionField"
        session: root.session; pointer: "/content_extraction"
        label: qsTr("Content extraction"); hint: qsTr("CONTENT_EXTRACTION_ENGINE: the built-in parsers run in every process; Tika or Docling run once, as a service")
    }
}
