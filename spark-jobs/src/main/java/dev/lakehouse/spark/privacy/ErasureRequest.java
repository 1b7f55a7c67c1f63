package dev.lakehouse.spark.privacy;

import java.sql.Timestamp;

/** One request to erase a customer, as silver received it: on time (silver.customers) or late (silver.late_events). */
record ErasureRequest(String requestId, String customerId, Timestamp requestedAt, String channel, String arrived) {}
