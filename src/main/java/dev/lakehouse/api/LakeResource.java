package dev.lakehouse.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lake and pipeline health, and time travel over any table of the lake. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lake")
public class LakeResource {

    private static final int DEFAULT_ROWS = 100;
    private static final int MAX_ROWS = 1000;

    private final LakeHealth health;
    private final PipelineHealth pipeline;
    private final TableHistory timeTravel;

    LakeResource(LakeHealth health, PipelineHealth pipeline, TableHistory timeTravel) {
        this.health = health;
        this.pipeline = pipeline;
        this.timeTravel = timeTravel;
    }

    @GET
    @Path("/lake/tables")
    @Operation(summary = "Every table of bronze, silver and gold: rows, data files, snapshots, last commit, freshness")
    public LakeHealth.Tables tables() {
        return health.tables();
    }

    @GET
    @Path("/pipeline")
    @Operation(summary = "Events per second into the raw topics, dead letters per second, freshness per layer")
    public PipelineHealth.Status pipeline() {
        return pipeline.status();
    }

    @GET
    @Path("/tables/{namespace}/{table}/snapshots")
    @Operation(summary = "The table's retained snapshots, oldest first")
    public TableHistory.Snapshots snapshots(
            @PathParam("namespace") String namespace, @PathParam("table") String table) {
        return timeTravel.snapshots(namespace, table);
    }

    @GET
    @Path("/tables/{namespace}/{table}/rows")
    @Operation(
            summary =
                    "The table's rows as of an instant (asOf) or a snapshot id (snapshot), default the current snapshot")
    public TableHistory.Rows rows(
            @PathParam("namespace") String namespace,
            @PathParam("table") String table,
            @QueryParam("asOf") String asOf,
            @QueryParam("snapshot") String snapshot,
            @QueryParam("limit") String limit) {
        return timeTravel.rows(
                namespace,
                table,
                Params.instant("asOf", asOf),
                Params.snapshotId(snapshot),
                Params.integer("limit", limit, DEFAULT_ROWS, 1, MAX_ROWS));
    }
}
