package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The erasure proof's one-pass search must find exactly what a {@code contains} per value finds. */
class ValueFinderTest {

    private static List<String> found(ErasureProof.ValueFinder finder, String text) {
        List<String> out = new ArrayList<>();
        finder.forEachIn(text, out::add);
        return out;
    }

    @Test
    void findsValuesAnywhereIncludingEdgesAndAmongWiderCharacters() {
        var finder = new ErasureProof.ValueFinder(List.of("ada@example.com", "10.0.0.7", "1.2.3.4", "x@y.z"));

        assertThat(found(finder, "ada@example.com")).containsExactly("ada@example.com");
        assertThat(found(finder, "\u0000\u0024ada@example.com\u0002")).containsExactly("ada@example.com");
        assertThat(found(finder, "Zoë 名前 10.0.0.7")).containsExactly("10.0.0.7");
        assertThat(found(finder, "ip=1.2.3.4;mail=x@y.z")).containsExactlyInAnyOrder("1.2.3.4", "x@y.z");
        assertThat(found(finder, "ada@example.co 10.0.0.")).isEmpty();
    }

    @Test
    void agreesWithContainsOnRandomTexts() {
        Random random = new Random(7);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            values.add("u" + random.nextInt(1000) + "@shop" + random.nextInt(9) + ".test");
            values.add(random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(10) + "." + i % 10);
        }
        var finder = new ErasureProof.ValueFinder(values);
        for (int t = 0; t < 300; t++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 400) {
                text.append(
                        random.nextBoolean() ? values.get(random.nextInt(values.size())) : (char) random.nextInt(300));
            }
            String s = text.toString();
            assertThat(new TreeSet<>(found(finder, s)))
                    .isEqualTo(new TreeSet<>(values.stream().filter(s::contains).toList()));
        }
    }
}
