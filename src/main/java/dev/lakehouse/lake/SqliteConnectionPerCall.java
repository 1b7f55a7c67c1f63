package dev.lakehouse.lake;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * A "pool" that opens a SQLite connection per catalog call and closes it after. Iceberg's JDBC catalog leaves
 * some metadata results open (at start-up, {@code DatabaseMetaData.getColumns}); on SQLite an open result keeps
 * the connection's read transaction, so a pooled connection would keep seeing the catalog as it was then and
 * never the streams' later commits. Opening a SQLite file costs well under a millisecond.
 */
public final class SqliteConnectionPerCall extends JdbcClientPool {

    public SqliteConnectionPerCall(String uri, Map<String, String> properties) {
        super(uri, properties);
        try {
            // Registers the driver with DriverManager from this class loader; its service-loader lookup runs once per
            // JVM and may have run under another loader (tests, dev mode), which then finds "no suitable driver".
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("sqlite-jdbc is not on the classpath", e);
        }
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action) throws SQLException, InterruptedException {
        return run(action, false);
    }

    @Override
    public <R> R run(Action<R, Connection, SQLException> action, boolean retry) throws SQLException {
        try (Connection connection = newClient()) {
            return action.run(connection);
        }
    }
}
