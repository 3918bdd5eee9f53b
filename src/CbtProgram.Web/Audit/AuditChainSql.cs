namespace CbtProgram.Web.Audit;

/// <summary>
/// The database half of the audit trail, installed by the SecurityAudit migration:
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
    /// <summary>The trigger serialises chaining with the advisory lock 71821663167555 ("AuditC"; no other code uses it).</summary>
    public const string Install = """
        CREATE OR REPLACE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS
        $f$ SELECT CASE WHEN value IS NULL THEN '~;' ELSE octet_length(value)::text || ':' || value || ';' END $f$;

        CREATE OR REPLACE FUNCTION audit_entry_hash(previous bytea, seq bigint, id uuid, at timestamptz, actor text,
            patient uuid, action text, detail text, ip text, agent text) RETURNS bytea LANGUAGE sql IMMUTABLE AS
        $f$ SELECT sha256(coalesce(previous, ''::bytea) || convert_to(
            audit_field(seq::text) || audit_field(id::text) || audit_field(((extract(epoch FROM at) * 1000000)::bigint)::text)
            || audit_field(actor) || audit_field(patient::text) || audit_field(action) || audit_field(detail)
            || audit_field(ip) || audit_field(agent), 'UTF8')) $f$;

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
