package dev.lakehouse.spark.catalog;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Iceberg's JDBC catalog reads {@code DatabaseMetaData.getColumns/getTables} at start-up without closing the
 * result. On SQLite an open result keeps a read transaction open, so that pooled connection can never write again
 * once any other connection has written (SQLITE_BUSY_SNAPSHOT in WAL mode, a lock wait in rollback mode). This
 * pool hands Iceberg metadata results that are already copied into memory and closed.
 */
final class MetadataClosingClientPool extends JdbcClientPool {

    MetadataClosingClientPool(String uri, Map<String, String> properties) {
        super(uri, properties);
    }

    @Override
    protected Connection newClient() {
        return wrap(super.newClient());
    }

    @Override
    protected Connection reconnect(Connection client) {
        return wrap(super.reconnect(client));
    }

    private static Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(
                MetadataClosingClientPool.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(c, method, args);
                    if (method.getName().equals("getMetaData")) {
                        DatabaseMetaData meta = (DatabaseMetaData) result;
                        return Proxy.newProxyInstance(
                                MetadataClosingClientPool.class.getClassLoader(),
                                new Class<?>[] {DatabaseMetaData.class},
                                detach(meta, proxy));
                    }
                    return result;
                });
    }

    private static InvocationHandler detach(DatabaseMetaData meta, Object connectionProxy) {
        return (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
                return connectionProxy;
            }
            Object result = invoke(meta, method, args);
            if (result instanceof ResultSet rs) {
                try (rs) {
                    CachedRowSet copy = RowSetProvider.newFactory().createCachedRowSet();
                    copy.populate(rs);
                    return copy;
                }
            }
            return result;
        };
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
