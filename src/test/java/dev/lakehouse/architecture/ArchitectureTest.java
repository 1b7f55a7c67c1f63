package dev.lakehouse.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The app's packages form no cycle: a package may use another only if that one does not, even through
 * a third, use it back. A cycle makes the packages one unit in all but name (none can be understood,
 * tested or moved alone), which is what splitting by concern is for.
 */
class ArchitectureTest {

    /** Every package is its own slice: dev.lakehouse.generator.run and dev.lakehouse.generator differ. */
    private static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    @Test
    void theAppsPackagesFormNoCycle() {
        JavaClasses app = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lakehouse");
        // A rule over an empty import passes whatever it says: make sure the app's classes were read.
        assertThat(app.contain("dev.lakehouse.generator.run.GeneratorRun")).isTrue();
        noPackageCycles("dev.lakehouse").check(app);
    }

    @Test
    void theRuleFailsOnACycle() {
        // Test classes only: two packages of this test's that use each other.
        JavaClasses cycle = new ClassFileImporter().importPackages("dev.lakehouse.architecture.cycle");
        assertThatThrownBy(() ->
                        noPackageCycles("dev.lakehouse.architecture.cycle").check(cycle))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }
}
