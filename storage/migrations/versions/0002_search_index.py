"""full-text search index over arrangements, programmes and documents

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 14:00:00

Each indexed record is seen as three texts of falling weight: `heading` (names, titles,
symbols), `place` (member state, country, programme, region, tags) and `body` (nature,
summary, objectives...). Triggers keep the index in step with every insert, update and
delete, including renames of a partner or programme that arrangements are found by.

- SQLite: views `<table>_search_text` give the three texts and the filter values as
  `facets` tokens; FTS5 tables `<table>_fts` (porter stemming, diacritics removed) hold them
  for MATCH/bm25. The words of each record also go to `search_terms (kind, term)`, the
  vocabulary for typos, split by FTS5 itself through a one-row scratch table.
- PostgreSQL: a `search_vector` tsvector column (english, weights A/B/C, GIN index) set by a
  BEFORE trigger; `search_fold()` lower-cases, strips accents and turns - . / _ @ into spaces
  (so "OLD-1" gives old and 1, as FTS5 and the query's tokens do); `search_terms` likewise
  keeps the plain words ever indexed, for typos.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("arrangements", "programmes", "documents")
ACCENTED = (
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžſơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻ"
    "ȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳøłđıħŧ"
    "-./_@"
)
PLAIN = (
    "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzsouaiouuuuuaagkoojgnaaa"
    "eeiioorruusthaeooooyoldiht"
    "     "
)
NATURE_WORDS = (
    "CASE {n} WHEN 'loa' THEN 'letter of agreement loa' "
    "WHEN 'mou' THEN 'memorandum of understanding mou framework agreement' "
    "WHEN 'ipa' THEN 'implementing partner agreement ipa' ELSE '' END"
)

# SQLite: the three texts of each record, and its filter values as `facets` tokens
# (xnaturemou, xyear2019, xsdg14, xscopeglobal...), so that filters are index look-ups too.
SQLITE_VIEWS = {
    "arrangements": f"""
        SELECT a.id AS id,
               p.name || ' ' || a.title AS heading,
               coalesce(a.member_state, '') || ' ' || coalesce(p.country, '') || ' '
                 || coalesce(g.name, '') || ' ' || coalesce(g.region, '') AS place,
               {NATURE_WORDS.format(n="a.nature")} || ' ' || a.ref || ' '
                 || replace(replace(a.support_kinds, ',', ' '), '_', ' ') || ' '
                 || coalesce(strftime('%Y', a.signed_on), '') || ' ' || a.summary AS body,
               'xnature' || a.nature || ' ' || coalesce('xyear' || strftime('%Y', a.signed_on), '') || ' '
                 || CASE WHEN a.sdgs = '' THEN '' ELSE 'xsdg' || replace(trim(a.sdgs, ','), ',', ' xsdg') END
                 AS facets
        FROM arrangements a
        JOIN partners p ON p.id = a.partner_id
        LEFT JOIN programmes g ON g.id = a.programme_id""",
    "programmes": """
        SELECT id, name AS heading,
               coalesce(region, '') || ' ' || scope || ' ' || coalesce(funding_partner, '') AS place,
               summary || ' ' || objectives || ' ' || coalesce(period, '') AS body,
               'xscope' || scope AS facets
        FROM programmes""",
    "documents": """
        SELECT id, symbol || ' ' || title AS heading,
               replace(tags, ',', ' ') AS place,
               replace(kind, '_', ' ') || ' ' || coalesce(strftime('%Y', issued_on), '') || ' '
                 || summary AS body,
               'xkind' || replace(kind, '_', '') AS facets
        FROM documents""",
}


def _sqlite_fill(table: str, where: str) -> str:
    """Index the records of `table` that satisfy `where`, and remember their words."""
    return f"""
        INSERT INTO {table}_fts(rowid, heading, place, body, facets)
            SELECT id, heading, place, body, facets FROM {table}_search_text WHERE {where};
        DELETE FROM search_scratch;
        INSERT INTO search_scratch(words)
            SELECT group_concat(heading || ' ' || place || ' ' || body, ' ')
            FROM {table}_search_text WHERE {where};
        INSERT OR IGNORE INTO search_terms(kind, term)
            SELECT '{table}', term FROM search_scratch_terms
            WHERE length(term) BETWEEN 3 AND 60 AND term NOT GLOB '*[0-9]*';"""


def upgrade_sqlite() -> None:
    # The words of a record are split by FTS5 itself: written to a one-row scratch table,
    # read back through its fts5vocab view, kept in search_terms (the typo vocabulary).
    op.execute(
        "CREATE TABLE search_terms (kind VARCHAR(20) NOT NULL, term VARCHAR(60) NOT NULL, "
        "CONSTRAINT pk_search_terms PRIMARY KEY (kind, term)) WITHOUT ROWID"
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_scratch USING fts5(words, tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute("CREATE VIRTUAL TABLE search_scratch_terms USING fts5vocab(search_scratch, 'row')")
    for table, select in SQLITE_VIEWS.items():
        op.execute(f"CREATE VIEW {table}_search_text AS {select}")
        op.execute(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5(heading, place, body, facets, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        for statement in _sqlite_fill(table, "1 = 1").split(";"):
            if statement.strip():
                op.execute(statement)
        op.execute(
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN"
            f"{_sqlite_fill(table, 'id = new.id')} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN"
            f" DELETE FROM {table}_fts WHERE rowid = old.id;"
            f"{_sqlite_fill(table, 'id = new.id')} END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN"
            f" DELETE FROM {table}_fts WHERE rowid = old.id; END"
        )
    # Arrangements are found by their partner's and programme's names: follow renames.
    for parent, columns, key in (
        ("partners", "name, country", "partner_id"),
        ("programmes", "name, region", "programme_id"),
    ):
        where = f"{key} = new.id"
        op.execute(
            f"CREATE TRIGGER {parent}_rename_search AFTER UPDATE OF {columns} ON {parent} BEGIN"
            f" DELETE FROM arrangements_fts WHERE rowid IN (SELECT id FROM arrangements WHERE {where});"
            f"{_sqlite_fill('arrangements', f'id IN (SELECT id FROM arrangements WHERE {where})')} END"
        )


def downgrade_sqlite() -> None:
    for parent in ("partners", "programmes"):
        op.execute(f"DROP TRIGGER IF EXISTS {parent}_rename_search")
    for table in TABLES:
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        op.execute(f"DROP VIEW IF EXISTS {table}_search_text")
    op.execute("DROP TABLE IF EXISTS search_scratch_terms")
    op.execute("DROP TABLE IF EXISTS search_scratch")
    op.execute("DROP TABLE IF EXISTS search_terms")


# PostgreSQL: the same three texts, computed from NEW in a BEFORE trigger.
PG_TEXTS = {
    "arrangements": f"""
        SELECT concat_ws(' ', pa.name, NEW.title),
               concat_ws(' ', NEW.member_state, pa.country, g.name, g.region),
               concat_ws(' ', {NATURE_WORDS.format(n="NEW.nature")}, NEW.ref,
                         replace(replace(NEW.support_kinds, ',', ' '), '_', ' '),
                         to_char(NEW.signed_on, 'YYYY'), NEW.summary)
        INTO heading, place, body
        FROM partners pa LEFT JOIN programmes g ON g.id = NEW.programme_id
        WHERE pa.id = NEW.partner_id;""",
    "programmes": """
        heading := NEW.name;
        place := concat_ws(' ', NEW.region, NEW.scope, NEW.funding_partner);
        body := concat_ws(' ', NEW.summary, NEW.objectives, NEW.period);""",
    "documents": """
        heading := concat_ws(' ', NEW.symbol, NEW.title);
        place := replace(NEW.tags, ',', ' ');
        body := concat_ws(' ', replace(NEW.kind, '_', ' '), to_char(NEW.issued_on, 'YYYY'), NEW.summary);""",
}


def upgrade_postgresql() -> None:
    op.execute(
        "CREATE FUNCTION search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        f"$$ SELECT translate(lower(value), '{ACCENTED}', '{PLAIN}') $$"
    )
    op.execute(
        "CREATE FUNCTION search_vector_of(heading text, place text, body text) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT "
        "setweight(to_tsvector('english', search_fold(coalesce(heading, ''))), 'A') || "
        "setweight(to_tsvector('english', search_fold(coalesce(place, ''))), 'B') || "
        "setweight(to_tsvector('english', search_fold(coalesce(body, ''))), 'C') $$"
    )
    op.execute(
        'CREATE TABLE search_terms (kind varchar(20) NOT NULL, term varchar(60) COLLATE "C" NOT NULL, '
        "CONSTRAINT pk_search_terms PRIMARY KEY (kind, term))"
    )
    op.execute(
        "CREATE FUNCTION search_remember(kind text, words text) RETURNS void LANGUAGE sql AS $$ "
        "INSERT INTO search_terms (kind, term) SELECT kind, t "
        "FROM unnest(tsvector_to_array(to_tsvector('simple', search_fold(words)))) AS t "
        "WHERE length(t) BETWEEN 3 AND 60 AND t !~ '[0-9]' ON CONFLICT DO NOTHING $$"
    )
    for table, texts in PG_TEXTS.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector")
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)")
        op.execute(
            f"CREATE FUNCTION {table}_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "DECLARE heading text; place text; body text;\n"
            f"BEGIN\n{texts}\n"
            "  NEW.search_vector := search_vector_of(heading, place, body);\n"
            f"  PERFORM search_remember('{table}', concat_ws(' ', heading, place, body));\n"
            "  RETURN NEW;\nEND $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_search_trigger()"
        )
    # Arrangements are found by their partner's and programme's names: follow renames.
    for parent, (first, second), key in (
        ("partners", ("name", "country"), "partner_id"),
        ("programmes", ("name", "region"), "programme_id"),
    ):
        op.execute(
            f"CREATE FUNCTION {parent}_rename_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"UPDATE arrangements SET search_vector = NULL WHERE {key} = NEW.id; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {parent}_rename_search AFTER UPDATE OF {first}, {second} ON {parent} "
            f"FOR EACH ROW WHEN (OLD.{first} IS DISTINCT FROM NEW.{first} "
            f"OR OLD.{second} IS DISTINCT FROM NEW.{second}) EXECUTE FUNCTION {parent}_rename_search()"
        )
    for table in TABLES:
        op.execute(f"UPDATE {table} SET search_vector = NULL")


def downgrade_postgresql() -> None:
    for parent in ("partners", "programmes"):
        op.execute(f"DROP TRIGGER IF EXISTS {parent}_rename_search ON {parent}")
        op.execute(f"DROP FUNCTION IF EXISTS {parent}_rename_search()")
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_search ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_search_trigger()")
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    op.execute("DROP FUNCTION IF EXISTS search_remember(text, text)")
    op.execute("DROP TABLE IF EXISTS search_terms")
    op.execute("DROP FUNCTION IF EXISTS search_vector_of(text, text, text)")
    op.execute("DROP FUNCTION IF EXISTS search_fold(text)")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    # Browsing lists arrangements newest first (undated last), by nature or not: indexes in
    # that exact order, so a page is read off the index (SQLite sorts NULL lowest already).
    newest = "signed_on DESC NULLS LAST, id DESC" if postgresql else "signed_on DESC, id DESC"
    op.execute(f"CREATE INDEX ix_arrangements_newest ON arrangements ({newest})")
    op.execute(f"CREATE INDEX ix_arrangements_nature_newest ON arrangements (nature, {newest})")
    if postgresql:
        upgrade_postgresql()
    else:
        upgrade_sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        downgrade_postgresql()
    else:
        downgrade_sqlite()
    op.execute("DROP INDEX IF EXISTS ix_arrangements_nature_newest")
    op.execute("DROP INDEX IF EXISTS ix_arrangements_newest")
