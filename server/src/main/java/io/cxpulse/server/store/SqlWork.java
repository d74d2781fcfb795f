package io.cxpulse.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work run on a store thread with a connection the store owns. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
