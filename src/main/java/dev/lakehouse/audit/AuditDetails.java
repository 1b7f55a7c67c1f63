package dev.lakehouse.audit;

import jakarta.enterprise.context.RequestScoped;
import java.util.List;

/**
 * What an endpoint returned, for its audit event: the columns and the number of rows. Filled by the endpoint when it
 * answers; a call refused before it got there leaves it empty.
 */
@RequestScoped
public class AuditDetails {

    private List<String> columns;
    private Long rowCount;

    public void returned(List<String> columns, long rowCount) {
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
    }

    public void returned(long rowCount) {
        this.rowCount = rowCount;
    }

    List<String> columns() {
        return columns;
    }

    Long rowCount() {
        return rowCount;
    }
}
