namespace CbtProgram.Web.Audit;

/// <summary>
/// The database half of the audit trail. <see cref="Install"/> is what the SecurityAudit migration installed, kept as it
/// was for that migration; <see cref="SealInBatches"/> (the AuditSealing migration) replaced its chaining on insert:
/// <list type="bullet">
/// <item>a BEFORE INSERT trigger that takes a transaction-scoped advisory lock (so inserts from every connection and
/// every app node are chained one at a time, in commit order), reads the last row's sequence and hash, and sets the new
/// row's <c>Sequence</c> (last + 1) and <c>Hash</c> = SHA-256(previous hash || canonical text of the row);</item>
/// <item>triggers that refuse UPDATE, DELETE and TRUNCATE, so the site's own database user can only add entries.</item>
/// </list>
/// The chain is computed here, in one place, because only the database sees every writer; <see cref="AuditChain"/>
/// recomputes it independently in C# to verify it. The canonical text is each field as <c>byte-length:value;</c> (or
/// <c>~;</c> for null) in the order sequence, id, time (microseconds since 1970 UTC), actor, patient, action, detail,
/// IP address, user agent, so no two different rows share a text.
/// </summary>
public static class AuditChainSql
{
    /// <summary>The insert trigger's function that chained each entry as it was written (the SecurityAudit migration's way).</summary>
    private const string ChainOnInsert = """
        CREATE OR REPLACE FUNCTION audit_entries_chain() RETURNS trigger LANGUAGE plpgsql AS
        $f$
        DECLARE last_sequence bigint; last_hash bytea;
        BEGIN
            PERFORM pg_advisory_xact_lock(71821663167555);
            SELECT "Sequence", "Hash" INTO last_sequence, last_hash FROM audit_entries ORDER BY "Sequence" DESC LIMIT 1;
            NEW."Sequence" := coalesce(last_sequence, 0) + 1;
            NEW."Hash" := audit_entry_hash(last_hash, NEW."Sequence", NEW."Id", NEW."At", NEW."ActorId", NEW."PatientId",
                NEW."Action", NEW."Detail", NEW."IpAddress", NEW."UserAgent");
            RETURN NEW;
        END
        $f$;
        """;

    /// <summary>The trigger serialises chaining with the advisory lock 71821663167555 ("AuditC"; no other code uses it).</summary>
    public const string Install = $"""
        CREATE OR REPLACE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS
        $f$ SELECT CASE WHEN value IS NULL THEN '~;' ELSE octet_length(value)::text || ':' || value || ';' END $f$;

        CREATE OR REPLACE FUNCTION audit_entry_hash(previous bytea, seq bigint, id uuid, at timestamptz, actor text,
            patient uuid, action text, detail text, ip text, agent text) RETURNS bytea LANGUAGE sql IMMUTABLE AS
        $f$ SELECT sha256(coalesce(previous, ''::bytea) || convert_to(
            audit_field(seq::text) || audit_field(id::text) || audit_field(((extract(epoch FROM at) * 1000000)::bigint)::text)
            || audit_field(actor) || audit_field(patient::text) || audit_field(action) || audit_field(detail)
            || audit_field(ip) || audit_field(agent), 'UTF8')) $f$;

        {ChainOnInsert}

        CREATE OR REPLACE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS
        $f$
        BEGIN
            RAISE EXCEPTION 'audit entries cannot be changed or deleted (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
        END
        $f$;

        -- The entries written before the chain existed, chained in the order they were written.
        DO $d$
        DECLARE entry record; previous bytea := NULL; n bigint := 0;
        BEGIN
            FOR entry IN SELECT * FROM audit_entries ORDER BY "At", "Id" LOOP
                n := n + 1;
                previous := audit_entry_hash(previous, n, entry."Id", entry."At", entry."ActorId", entry."PatientId",
                    entry."Action", entry."Detail", entry."IpAddress", entry."UserAgent");
                UPDATE audit_entries SET "Sequence" = n, "Hash" = previous WHERE "Id" = entry."Id";
            END LOOP;
        END
        $d$;

        CREATE TRIGGER audit_entries_chain BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_chain();
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change();
        """;

    /// <summary>
    /// Chaining in batches. Chaining each entry as it was inserted made every audited request in the clinic take one
    /// lock in turn and hold it to its commit: record views queued behind each other (about 1,500 entries a second at
    /// most on 2 cores, against 13,000 inserted unsealed; pgbench, 64 clients). Now:
    /// <list type="bullet">
    /// <item>an entry arrives unsealed: a BEFORE INSERT trigger clears whatever place and hash the writer gave it;</item>
    /// <item>the one change an entry may undergo is being sealed, once: an UPDATE of an unsealed entry that leaves every
    /// other field as it was, for which the trigger itself takes the chain's lock and sets the place (last + 1) and the
    /// hash, whatever the UPDATE said; an UPDATE of a sealed entry, of any other field, and any DELETE are refused, as
    /// before;</item>
    /// <item><c>audit_seal(max)</c> seals up to <c>max</c> waiting entries, oldest first, in one transaction under that
    /// lock, and returns how many; the site's sealer calls it every second (<see cref="AuditSealer"/>), and the verify
    /// command and the audit page call it before they read.</item>
    /// </list>
    /// An entry is thus unsealed for about a second after its commit: the triggers still refuse to change or delete it
    /// then, and only someone who can switch them off (the database's owner) could; the chain is there for them.
    /// </summary>
    public const string SealInBatches = """
        ALTER TABLE audit_entries ALTER COLUMN "Sequence" DROP DEFAULT, ALTER COLUMN "Hash" DROP DEFAULT;

        CREATE OR REPLACE FUNCTION audit_entries_arrive() RETURNS trigger LANGUAGE plpgsql AS
        $f$
        BEGIN
            NEW."Sequence" := NULL;
            NEW."Hash" := NULL;
            RETURN NEW;
        END
        $f$;

        CREATE OR REPLACE FUNCTION audit_entries_seal_once() RETURNS trigger LANGUAGE plpgsql AS
        $f$
        DECLARE last_sequence bigint; last_hash bytea;
        BEGIN
            IF TG_OP <> 'UPDATE' OR OLD."Sequence" IS NOT NULL
               OR (NEW."Id", NEW."At", NEW."ActorId", NEW."PatientId", NEW."Action", NEW."Detail", NEW."IpAddress", NEW."UserAgent")
                  IS DISTINCT FROM (OLD."Id", OLD."At", OLD."ActorId", OLD."PatientId", OLD."Action", OLD."Detail", OLD."IpAddress", OLD."UserAgent") THEN
                RAISE EXCEPTION 'audit entries cannot be changed or deleted (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
            END IF;
            PERFORM pg_advisory_xact_lock(71821663167555);
            SELECT "Sequence", "Hash" INTO last_sequence, last_hash FROM audit_entries
            WHERE "Sequence" IS NOT NULL ORDER BY "Sequence" DESC LIMIT 1;
            NEW."Sequence" := coalesce(last_sequence, 0) + 1;
            NEW."Hash" := audit_entry_hash(last_hash, NEW."Sequence", NEW."Id", NEW."At", NEW."ActorId", NEW."PatientId",
                NEW."Action", NEW."Detail", NEW."IpAddress", NEW."UserAgent");
            RETURN NEW;
        END
        $f$;

        CREATE OR REPLACE FUNCTION audit_seal(max integer) RETURNS integer LANGUAGE plpgsql AS
        $f$
        DECLARE entry record; sealed integer := 0;
        BEGIN
            -- Taken first, so the entries read below include everything the previous sealer left.
            PERFORM pg_advisory_xact_lock(71821663167555);
            FOR entry IN SELECT "Id" FROM audit_entries WHERE "Sequence" IS NULL ORDER BY "At", "Id" LIMIT max LOOP
                UPDATE audit_entries SET "Hash" = NULL WHERE "Id" = entry."Id" AND "Sequence" IS NULL;
                sealed := sealed + 1;
            END LOOP;
            RETURN sealed;
        END
        $f$;

        DROP TRIGGER audit_entries_chain ON audit_entries;
        DROP FUNCTION audit_entries_chain();
        CREATE TRIGGER audit_entries_arrive BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_arrive();
        DROP TRIGGER audit_entries_append_only ON audit_entries;
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_seal_once();
        """;

    /// <summary>Back to chaining on insert; entries still waiting are sealed first.</summary>
    public const string SealInBatchesUndo = $"""
        SELECT audit_seal(2147483647);
        DROP TRIGGER audit_entries_append_only ON audit_entries;
        DROP TRIGGER audit_entries_arrive ON audit_entries;
        DROP FUNCTION audit_seal(integer);
        DROP FUNCTION audit_entries_seal_once();
        DROP FUNCTION audit_entries_arrive();
        {ChainOnInsert}
        CREATE TRIGGER audit_entries_chain BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_chain();
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change();
        """;

    public const string Uninstall = """
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
        DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
        DROP TRIGGER IF EXISTS audit_entries_chain ON audit_entries;
        DROP FUNCTION IF EXISTS audit_entries_refuse_change();
        DROP FUNCTION IF EXISTS audit_entries_chain();
        DROP FUNCTION IF EXISTS audit_entry_hash(bytea, bigint, uuid, timestamptz, text, uuid, text, text, text, text);
        DROP FUNCTION IF EXISTS audit_field(text);
        """;
}
