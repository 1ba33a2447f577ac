"""SQLite store: diagrams, ratings, preference pairs, generations, plan fixes and training runs.

WAL mode, foreign keys, ``synchronous=FULL`` and one short transaction per write,
so a rating is on disk when the call returns and a crash loses nothing that was
acknowledged. Each call opens its own connection, which keeps the store safe to
use from Streamlit's threads and from several processes at once.

The workspace (default ``workspace/``, or ``$DIAGRAM_STUDIO_WORKSPACE``) holds the
database and images.

Example:
    >>> store = Store(tmp_path)
    >>> diagram_id = store.add_diagram(text, prompt="an MLP", source="synthetic")
    >>> store.add_rating(diagram_id, "ana", 4)
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

WORKSPACE_ENV = "DIAGRAM_STUDIO_WORKSPACE"
SOURCES = ("synthetic", "generation", "seed-import", "import", "upload", "edit", "summary")

MIGRATIONS = [
    """
    CREATE TABLE diagrams (
        id INTEGER PRIMARY KEY,
        text TEXT,
        image_path TEXT,
        prompt TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        kind TEXT,
        spec TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        created REAL NOT NULL
    );
    CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        diagram_id INTEGER NOT NULL REFERENCES diagrams(id) ON DELETE CASCADE,
        rater TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 5),
        created REAL NOT NULL
    );
    CREATE INDEX ratings_by_rater ON ratings(rater, diagram_id);
    CREATE TABLE pairs (
        id INTEGER PRIMARY KEY,
        prompt TEXT NOT NULL,
        chosen_id INTEGER NOT NULL REFERENCES diagrams(id) ON DELETE CASCADE,
        rejected_id INTEGER NOT NULL REFERENCES diagrams(id) ON DELETE CASCADE,
        tie INTEGER NOT NULL DEFAULT 0,
        rater TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'user',
        created REAL NOT NULL
    );
    CREATE TABLE generations (
        id INTEGER PRIMARY KEY,
        prompt TEXT NOT NULL,
        model TEXT NOT NULL,
        adapter TEXT,
        seed INTEGER,
        seconds REAL,
        created REAL NOT NULL
    );
    CREATE TABLE generation_candidates (
        generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
        diagram_id INTEGER NOT NULL REFERENCES diagrams(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        scores TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (generation_id, diagram_id)
    );
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        config TEXT NOT NULL,
        status TEXT NOT NULL,
        pid INTEGER,
        out_dir TEXT NOT NULL,
        last_error TEXT,
        created REAL NOT NULL,
        finished REAL
    );
    """,
    """
    CREATE TABLE plan_fixes (
        id INTEGER PRIMARY KEY,
        prompt TEXT NOT NULL,
        planned TEXT NOT NULL,
        plan TEXT NOT NULL,
        created REAL NOT NULL
    );
    """,
]


def workspace_dir(path: str | os.PathLike | None = None) -> Path:
    """The workspace directory, created if missing."""
    root = Path(path or os.environ.get(WORKSPACE_ENV, "workspace")).resolve()
    (root / "images").mkdir(parents=True, exist_ok=True)
    return root


def content_hash(text: str | None, image: bytes | None = None) -> str:
    digest = hashlib.sha256()
    digest.update((text or "").encode())
    digest.update(b"\0")
    digest.update(image or b"")
    return digest.hexdigest()


class Store:
    """All persistent user data; every public method is one committed transaction."""

    def __init__(self, workspace: str | os.PathLike | None = None) -> None:
        self.root = workspace_dir(workspace)
        self.path = self.root / "studio.sqlite3"
        with self._connect() as db:
            self._migrate(db)

    @contextmanager
    def _connect(self):
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            yield db
        finally:
            db.close()

    @contextmanager
    def _transaction(self):
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _migrate(self, db) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            db.execute("BEGIN IMMEDIATE")
            if db.execute("PRAGMA user_version").fetchone()[0] >= number:
                db.execute("ROLLBACK")  # another process migrated first
                continue
            for statement in script.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={number}")
            db.execute("COMMIT")

    # diagrams -----------------------------------------------------------------
    def add_diagram(
        self,
        text: str | None = None,
        *,
        prompt: str = "",
        source: str = "synthetic",
        kind: str | None = None,
        spec: dict | None = None,
        image: bytes | None = None,
    ) -> int:
        """Store a diagram (text and/or PNG bytes); an identical one returns its existing id."""
        if source not in SOURCES:
            raise ValueError(f"source: must be one of {', '.join(SOURCES)}")
        if text is None and image is None:
            raise ValueError("a diagram needs text or an image")
        key = content_hash(text, image)
        with self._transaction() as db:
            row = db.execute("SELECT id FROM diagrams WHERE content_hash = ?", (key,)).fetchone()
            if row:
                return row["id"]
            image_path = None
            if image is not None:
                image_path = f"images/{key[:20]}.png"
                target = self.root / image_path
                target.write_bytes(image)
            cursor = db.execute(
                "INSERT INTO diagrams (text, image_path, prompt, source, kind, spec, content_hash, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (text, image_path, prompt, source, kind, json.dumps(spec) if spec else None, key, time.time()),
            )
            return cursor.lastrowid

    def diagram(self, diagram_id: int) -> dict | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM diagrams WHERE id = ?", (diagram_id,)).fetchone()
        return dict(row) if row else None

    def diagrams(self, source: str | None = None, limit: int = 100_000) -> list[dict]:
        query, args = "SELECT * FROM diagrams", []
        if source:
            query, args = query + " WHERE source = ?", [source]
        with self._connect() as db:
            return [dict(row) for row in db.execute(query + " ORDER BY id LIMIT ?", (*args, limit))]

    def image_file(self, row: dict) -> Path | None:
        return self.root / row["image_path"] if row.get("image_path") else None

    # ratings ------------------------------------------------------------------
    def add_rating(self, diagram_id: int, rater: str, rating: int) -> int:
        """Commit one rating (0-5) and return its id once it is on disk."""
        if not isinstance(rating, int) or not 0 <= rating <= 5:
            raise ValueError("rating: must be an integer from 0 to 5")
        rater = rater.strip()
        if not rater:
            raise ValueError("rater: a rater name is required")
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO ratings (diagram_id, rater, rating, created) VALUES (?, ?, ?, ?)",
                (diagram_id, rater, rating, time.time()),
            )
            return cursor.lastrowid

    def undo_rating(self, rater: str) -> int | None:
        """Delete this rater's most recent rating; returns the diagram id it was for."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT id, diagram_id FROM ratings WHERE rater = ? ORDER BY id DESC LIMIT 1", (rater,)
            ).fetchone()
            if not row:
                return None
            db.execute("DELETE FROM ratings WHERE id = ?", (row["id"],))
            return row["diagram_id"]

    def ratings(self, rater: str | None = None) -> list[dict]:
        """Latest rating per (diagram, rater), optionally for one rater."""
        query = (
            "SELECT r.* FROM ratings r JOIN (SELECT MAX(id) AS id FROM ratings GROUP BY diagram_id, rater) l"
            " ON r.id = l.id"
        )
        args: tuple = ()
        if rater:
            query, args = query + " WHERE r.rater = ?", (rater,)
        with self._connect() as db:
            return [dict(row) for row in db.execute(query + " ORDER BY r.id", args)]

    def rating_ids(self) -> set[int]:
        with self._connect() as db:
            return {row[0] for row in db.execute("SELECT id FROM ratings")}

    def unrated(self, rater: str, limit: int = 50) -> list[dict]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM diagrams WHERE id NOT IN (SELECT diagram_id FROM ratings WHERE rater = ?)"
                " ORDER BY CASE source WHEN 'generation' THEN 0 ELSE 1 END, id LIMIT ?",
                (rater, limit),
            )
            return [dict(row) for row in rows]

    # preference pairs ---------------------------------------------------------
    def add_pair(
        self, prompt: str, chosen_id: int, rejected_id: int, rater: str, tie: bool = False, source: str = "user"
    ) -> int:
        if chosen_id == rejected_id:
            raise ValueError("a preference pair needs two different diagrams")
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO pairs (prompt, chosen_id, rejected_id, tie, rater, source, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (prompt, chosen_id, rejected_id, int(tie), rater, source, time.time()),
            )
            return cursor.lastrowid

    def pairs(self, include_ties: bool = False) -> list[dict]:
        query = (
            "SELECT p.*, c.text AS chosen_text, r.text AS rejected_text FROM pairs p"
            " JOIN diagrams c ON c.id = p.chosen_id JOIN diagrams r ON r.id = p.rejected_id"
        )
        if not include_ties:
            query += " WHERE p.tie = 0"
        with self._connect() as db:
            return [dict(row) for row in db.execute(query + " ORDER BY p.id")]

    # plan fixes: the planner's plan of a request, as the user corrected it ----------------
    def add_plan_fix(self, prompt: str, planned: str, plan: str) -> int:
        """Keep a user's correction of a request's plan: ``planned`` was drawn, ``plan`` is right (planner training
        data)."""
        with self._transaction() as db:
            return db.execute(
                "INSERT INTO plan_fixes (prompt, planned, plan, created) VALUES (?, ?, ?, ?)",
                (prompt, planned, plan, time.time()),
            ).lastrowid

    def plan_fixes(self) -> list[dict]:
        with self._connect() as db:
            return [dict(row) for row in db.execute("SELECT * FROM plan_fixes ORDER BY id")]

    # generations --------------------------------------------------------------
    def add_generation(
        self,
        prompt: str,
        model: str,
        adapter: str | None,
        seed: int | None,
        seconds: float,
        candidates: list[tuple[int, int, dict]],
    ) -> int:
        """Record a generation and its ranked candidates [(diagram_id, rank, scores)]."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO generations (prompt, model, adapter, seed, seconds, created) VALUES (?, ?, ?, ?, ?, ?)",
                (prompt, model, adapter, seed, seconds, time.time()),
            )
            for diagram_id, rank, scores in candidates:
                db.execute(
                    "INSERT OR REPLACE INTO generation_candidates VALUES (?, ?, ?, ?)",
                    (cursor.lastrowid, diagram_id, rank, json.dumps(scores)),
                )
            return cursor.lastrowid

    def generation_groups(self) -> list[dict]:
        """Each generation with its candidate diagram ids, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT g.id, g.prompt, group_concat(c.diagram_id) AS ids FROM generations g"
                " JOIN generation_candidates c ON c.generation_id = g.id GROUP BY g.id ORDER BY g.id DESC"
            )
            return [
                {"id": r["id"], "prompt": r["prompt"], "diagram_ids": [int(i) for i in r["ids"].split(",")]}
                for r in rows
            ]

    # training runs ------------------------------------------------------------
    def add_run(self, run_id: str, kind: str, config: dict, out_dir: str, pid: int | None = None) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO runs (id, kind, config, status, pid, out_dir, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (run_id, kind, json.dumps(config), "running", pid, out_dir, time.time()),
            )

    def update_run(self, run_id: str, **fields) -> None:
        allowed = {"status", "pid", "last_error", "finished"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"update_run: fields must be among {sorted(allowed)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._transaction() as db:
            db.execute(f"UPDATE runs SET {assignments} WHERE id = ?", (*fields.values(), run_id))

    def runs(self) -> list[dict]:
        with self._connect() as db:
            return [dict(row) for row in db.execute("SELECT * FROM runs ORDER BY created DESC")]

    # statistics ---------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self._connect() as db:
            one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "diagrams": one("SELECT COUNT(*) FROM diagrams"),
                "ratings": one("SELECT COUNT(*) FROM ratings"),
                "raters": one("SELECT COUNT(DISTINCT rater) FROM ratings"),
                "pairs": one("SELECT COUNT(*) FROM pairs WHERE tie = 0"),
                "generations": one("SELECT COUNT(*) FROM generations"),
                "runs": one("SELECT COUNT(*) FROM runs"),
                "plan_fixes": one("SELECT COUNT(*) FROM plan_fixes"),
            }

    def source_counts(self) -> dict[str, int]:
        """Stored diagrams per source (generation, synthetic, seed, summary, ...)."""
        with self._connect() as db:
            return dict(db.execute("SELECT source, COUNT(*) FROM diagrams GROUP BY source ORDER BY source"))

    def integrity_ok(self) -> bool:
        with self._connect() as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
