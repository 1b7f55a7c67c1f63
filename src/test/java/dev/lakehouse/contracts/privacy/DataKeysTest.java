package dev.lakehouse.contracts.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeysTest {

    @TempDir
    Path dir;

    private DataKeys keys(Duration ttl) {
        return DataKeys.open(new SubjectKeySettings(dir.toString(), null, ttl));
    }

    @Test
    void aSealedValueHoldsNoPlaintextAndOpensWithItsSubjectsKeyOnly() {
        DataKeys keys = keys(Duration.ofSeconds(30));
        String sealed = SealedValues.seal("c-1", keys.forSealing("c-1"), "ada@example.com");

        assertThat(sealed).startsWith(SealedValues.PREFIX).doesNotContain("ada").doesNotContain("example");
        assertThat(SealedValues.subject(sealed)).contains("c-1");
        assertThat(keys.open(sealed)).contains("ada@example.com");
        // another subject's key does not open it, nor does a value whose subject was swapped
        assertThat(SealedValues.open(sealed, keys.forSealing("c-2"))).isEmpty();
        String swapped = SealedValues.PREFIX + "Yy0y" + sealed.substring(sealed.lastIndexOf('.'));
        assertThat(keys.open(swapped)).isEmpty();
        assertThat(keys.open("pii1.garbage")).isEmpty();
        // cut, padded, re-encoded or emptied bodies, as a fuzzer makes them: nothing opens, nothing throws
        String body = sealed.substring(sealed.lastIndexOf('.') + 1);
        String head = sealed.substring(0, sealed.lastIndexOf('.') + 1);
        for (int cut = 0; cut < body.length(); cut += 3) {
            assertThat(keys.open(head + body.substring(0, cut))).isEmpty();
        }
        assertThat(keys.open(head + body + "AAAA")).isEmpty();
        char flipped = body.charAt(10) == 'A' ? 'B' : 'A';
        assertThat(keys.open(head + body.substring(0, 10) + flipped + body.substring(11)))
                .isEmpty();
        assertThat(keys.open(head + "!!!")).isEmpty();
        assertThat(keys.open("not sealed")).isEmpty();
    }

    @Test
    void oneKeyPerSubjectAcrossProcessesAndNoneOnDiskInClear() throws Exception {
        byte[] first = keys(Duration.ofSeconds(30)).forSealing("c-1");
        byte[] again = keys(Duration.ofSeconds(30)).forSealing("c-1"); // a second process: same stored key
        assertThat(again).isEqualTo(first);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .isEqualTo("rw-------");
                if (f.toString().endsWith(".dek")) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .doesNotContain(new String(first, StandardCharsets.ISO_8859_1));
                    assertThat(f.getFileName().toString()).doesNotContain("c-1");
                }
            }
        }
    }

    @Test
    void aShreddedKeyOpensNothingAnyMoreInAnyProcessOnceItsCacheExpires() throws Exception {
        DataKeys writer = keys(Duration.ofSeconds(30));
        String sealed = SealedValues.seal("c-9", writer.forSealing("c-9"), "Lovelace");
        DataKeys reader = keys(Duration.ofMillis(200));
        assertThat(reader.open(sealed)).contains("Lovelace");

        assertThat(writer.shred("c-9")).isTrue();
        assertThat(writer.open(sealed)).isEmpty();
        Thread.sleep(300);
        assertThat(reader.open(sealed)).isEmpty();
        assertThat(writer.shred("c-9")).isFalse();
    }

    @Test
    void aMasterKeyOthersMayReadIsRefused() throws Exception {
        keys(Duration.ofSeconds(1)).forSealing("c-1");
        Files.setPosixFilePermissions(dir.resolve(LocalMasterKey.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> keys(Duration.ofSeconds(1)))
                .hasMessageContaining("may be read by others")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void settingsNameTheKeyThatIsMissing() {
        assertThatThrownBy(() -> new SubjectKeySettings(" ", null, null))
                .hasMessageContaining(SubjectKeySettings.LOCATION);
        assertThatThrownBy(() -> new SubjectKeySettings("s3://b/keys", null, null))
                .hasMessageContaining(SubjectKeySettings.KMS_KEY_ID);
    }
}
