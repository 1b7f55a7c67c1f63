package dev.lakehouse.spark.catalog;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.UncheckedSQLException;

/**
 * Iceberg's JDBC catalog for the embedded SQLite file. SQLite lets one writer in at a time and, in WAL mode,
 * fails a write whose snapshot went stale at once (SQLITE_BUSY_SNAPSHOT) instead of waiting. Several sessions in
 * one driver (bronze, silver, maintenance) commit concurrently, so commits from this JVM take turns, and a busy
 * database (another process committing) becomes a {@link CommitFailedException}, which Iceberg retries on fresh
 * metadata under the table's {@code commit.retry.*} settings. Readers use the plain {@code type=jdbc} catalog.
 */
public class LakeJdbcCatalog extends JdbcCatalog {
    private static final Object COMMIT_LOCK = new Object();

    public LakeJdbcCatalog() {
        super(null, props -> new MetadataClosingClientPool(props.get("uri"), props), true);
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier identifier) {
        return new TurnTakingOps(super.newTableOps(identifier));
    }

    static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("SQLITE_BUSY") || m.contains("database is locked")) {
                return true;
            }
        }
        return false;
    }

    private static final class TurnTakingOps implements TableOperations {
        private final TableOperations delegate;

        TurnTakingOps(TableOperations delegate) {
            this.delegate = delegate;
        }

        @Override
        public TableMetadata current() {
            return delegate.current();
        }

        @Override
        public TableMetadata refresh() {
            return delegate.refresh();
        }

        @Override
        public void commit(TableMetadata base, TableMetadata metadata) {
            synchronized (COMMIT_LOCK) {
                try {
                    delegate.commit(base, metadata);
                } catch (UncheckedSQLException e) {
                    if (isBusy(e)) {
                        throw new CommitFailedException(
                                e, "catalog database busy; the commit did not happen and is retried");
                    }
                    throw e;
                }
            }
        }

        @Override
        public FileIO io() {
            return delegate.io();
        }

        @Override
        public EncryptionManager encryption() {
            return delegate.encryption();
        }

        @Override
        public String metadataFileLocation(String fileName) {
            return delegate.metadataFileLocation(fileName);
        }

        @Override
        public LocationProvider locationProvider() {
            return delegate.locationProvider();
        }

        @Override
        public TableOperations temp(TableMetadata uncommittedMetadata) {
            return delegate.temp(uncommittedMetadata);
        }

        @Override
        public long newSnapshotId() {
            return delegate.newSnapshotId();
        }

        @Override
        public boolean requireStrictCleanup() {
            return delegate.requireStrictCleanup();
        }
    }
}
