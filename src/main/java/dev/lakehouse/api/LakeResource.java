package dev.lakehouse.api;

import dev.lakehouse.audit.AuditDetails;
import dev.lakehouse.security.AccessRoles;
import dev.lakehouse.security.TableAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lake and pipeline health, and time travel over the tables an analyst may read (security/TableAccess). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lake")
public class LakeResource {

    private static final int DEFAULT_ROWS = 100;
    private static final int MAX_ROWS = 1000;

    private final LakeHealth health;
    private final PipelineHealth pipeline;
    private final TableHistory timeTravel;
    private final AuditDetails audit;

    LakeResource(LakeHealth health, PipelineHealth pipeline, TableHistory timeTravel, AuditDetails audit) {
        this.health = health;
        this.pipeline = pipeline;
        this.timeTravel = timeTravel;
        this.audit = audit;
    }

    @GET
    @Path("/lake/tables")
    @RolesAllowed({AccessRoles.VIEWER, AccessRoles.ANALYST})
    @Operation(summary = "Every table of bronze, silver and gold: rows, data files, snapshots, last commit, freshness")
    public LakeHealth.Tables tables() {
        return health.tables();
    }

    @GET
    @Path("/pipeline")
    @RolesAllowed({AccessRoles.VIEWER, AccessRoles.ANALYST})
    @Operation(summary = "Events per second into the raw topics, dead letters per second, freshness per layer")
    public PipelineHealth.Status pipeline() {
        return pipeline.status();
    }

    @GET
    @Path("/tables/{namespace}/{table}/snapshots")
    @RolesAllowed(AccessRoles.ANALYST)
    @Operation(summary = "The table's retained snapshots, oldest first")
    public TableHistory.Snapshots snapshots(
            @PathParam("namespace") String namespace, @PathParam("table") String table) {
        TableAccess.analystColumns(namespace, table);
        TableHistory.Snapshots snapshots = timeTravel.snapshots(namespace, table);
        audit.returned(snapshots.snapshots().size());
        return snapshots;
    }

    @GET
    @Path("/tables/{namespace}/{table}/rows")
    @RolesAllowed(AccessRoles.ANALYST)
    @Operation(
            summary =
                    "The table's rows as of an instant (asOf) or a snapshot id (snapshot), default the current snapshot")
    public TableHistory.Rows rows(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @QueryParam("asOf") String asOf,
            @QueryParam("snapshot") String snapshot,
            @QueryParam("limit") String limit) {
        var visible = TableAccess.analystColumns(namespace, table);
        TableHistory.Rows rows = timeTravel.rows(
                namespace,
                table,
                Params.instant("asOf", asOf),
                Params.snapshotId(snapshot),
                Params.integer("limit", limit, DEFAULT_ROWS, 1, MAX_ROWS),
                visible);
        audit.returned(
                rows.columns().stream().map(TableHistory.Column::name).toList(),
                rows.rows().size());
        return rows;
    }
}
