package dev.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A misspelt key stops every command before it starts, with exit 3 and the key it probably meant. */
class UnknownKeyStartTest {

    @Test
    void aMisspeltKeyFailsTheStartNamingItAndTheClosestKey() {
        StringWriter err = new StringWriter();
        int code = LakehouseJobs.execute(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "stream",
                "--set",
                "lakehouse.kafka.bootstrap-server=127.0.0.1:9");
        assertThat(code).as("exit code").isEqualTo(3);
        assertThat(err.toString())
                .contains(
                        "unknown configuration key 'lakehouse.kafka.bootstrap-server'",
                        "did you mean 'lakehouse.kafka.bootstrap-servers'");
    }
}
