package io.cxpulse.server;

import picocli.CommandLine.Option;

/** The options that put the store in PostgreSQL instead of the embedded SQLite file, for the server and the import. */
final class DatabaseOptions {
    @Option(
            names = "--db-url",
            description = "Use this PostgreSQL database instead of SQLite, e.g. jdbc:postgresql://host:5432/cx.")
    String url;

    @Option(names = "--db-user", description = "PostgreSQL user (or give it in --db-url).")
    String user;

    @Option(names = "--db-password", description = "PostgreSQL password (or give it in --db-url).")
    String password;

    /** Why the options cannot be used, or null when they can. */
    String problem() {
        return url != null && !url.startsWith("jdbc:postgresql:")
                ? "--db-url must be a jdbc:postgresql:// URL, got " + url
                : null;
    }
}
