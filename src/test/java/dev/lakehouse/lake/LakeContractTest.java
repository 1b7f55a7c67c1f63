package dev.lakehouse.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.contracts.lake.LakeContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * contracts/lake-contract.json is what dbt and Dagster know of the lake's tables and topics: it must say what the
 * code says. Stale: run this test with {@code -Dlake-contract.write=true}, which rewrites it, and commit it.
 */
class LakeContractTest {

    @Test
    void theCheckedInContractIsTheCodes() throws Exception {
        Path file = Files.exists(Path.of(LakeContract.FILE))
                ? Path.of(LakeContract.FILE)
                : Path.of("..", LakeContract.FILE);
        if (Boolean.getBoolean("lake-contract.write")) {
            Files.writeString(file, LakeContract.json(), StandardCharsets.UTF_8);
        }
        assertThat(file).as("the contract file").exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as(
                        "%s is stale: run LakeContractTest with -Dlake-contract.write=true and commit the file",
                        LakeContract.FILE)
                .isEqualTo(LakeContract.json());
    }
}
