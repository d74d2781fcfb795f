package io.cxpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerMainTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ServerMain());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheOptions() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "--port",
                        "--host",
                        "--data-dir",
                        "--demo",
                        "--db-url",
                        "--time-zone",
                        "--tls-cert",
                        "--tls-key",
                        "--metrics-token",
                        "--retain-days",
                        "--cluster",
                        "--cluster-host",
                        "--cluster-port",
                        "--cluster-members")
                .contains("import");
        Run imports = run("import", "--help");
        assertThat(imports.code()).isZero();
        assertThat(imports.out()).contains("FILE.ndjson", "--data-dir", "--db-url", "--time-zone");
    }

    @Test
    void refusesBadSettingsWithOneLine() {
        Run zone = run("--time-zone", "Mars/Olympus");
        assertThat(zone.code()).isEqualTo(2);
        assertThat(zone.err().strip()).isEqualTo("cx-server: unknown time zone Mars/Olympus");

        Run port = run("--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("port must be 0-65535");

        Run db = run("--db-url", "jdbc:mysql://x/y");
        assertThat(db.code()).isEqualTo(2);
        assertThat(db.err()).contains("jdbc:postgresql://");

        assertThat(run("--port", "abc").code()).isEqualTo(2);

        Run certOnly = run("--tls-cert", "pom.xml");
        assertThat(certOnly.code()).isEqualTo(2);
        assertThat(certOnly.err().strip()).isEqualTo("cx-server: --tls-cert and --tls-key go together");

        Run missing = run("--tls-cert", "no-such-cert.pem", "--tls-key", "no-such-key.pem");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("cx-server: cannot read no-such-cert.pem");

        Run shortToken = run("--metrics-token", "short");
        assertThat(shortToken.code()).isEqualTo(2);
        assertThat(shortToken.err()).contains("at least 16 characters");

        Run retain = run("--retain-days", "0");
        assertThat(retain.code()).isEqualTo(2);
        assertThat(retain.err().strip()).isEqualTo("cx-server: retain-days must be 1 or more, got 0");

        Run clusterOnSqlite = run("--cluster", "--cluster-members", "127.0.0.1:5701,127.0.0.1:5702");
        assertThat(clusterOnSqlite.code()).isEqualTo(2);
        assertThat(clusterOnSqlite.err().strip())
                .isEqualTo("cx-server: --cluster needs a shared PostgreSQL store (--db-url jdbc:postgresql://...),"
                        + " not SQLite");

        Run badMember =
                run("--cluster", "--db-url", "jdbc:postgresql://127.0.0.1/cx", "--cluster-members", "127.0.0.1");
        assertThat(badMember.code()).isEqualTo(2);
        assertThat(badMember.err().strip()).isEqualTo("cx-server: a cluster member is host:port, got 127.0.0.1");
    }
}
