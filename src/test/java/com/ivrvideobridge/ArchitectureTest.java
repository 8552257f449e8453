package com.ivrvideobridge;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The package layering of src/main/java, checked on the compiled classes (docs/route-tests.md has
 * the picture). From the bottom:
 * <ol>
 * <li><b>Foundation</b>: {@code support} (hashes, due sets, loggable URLs) and {@code web} (API
 * errors, static assets): they know no feature package.</li>
 * <li><b>Blocks</b>: {@code deadline}, {@code media}: a feature of their own, built on the foundation only.</li>
 * <li><b>Core</b>: {@code handoff} and what it talks through: {@code genesys}, {@code sms},
 * {@code landing}, {@code security}, {@code outcome}, {@code ops}.</li>
 * <li><b>Features</b>: {@code agent}, {@code channel}, {@code report}, {@code telemetry}: use the
 * core; nothing below uses them.</li>
 * <li><b>Local</b>: {@code sandbox}, {@code embedded} (local profile only: the prod build leaves
 * {@code embedded} out of the jar), {@code config} and {@code routes} (start-up checks, the routes
 * folder's validation): nothing depends on them.</li>
 * </ol>
 * A new arrow upwards fails the build: move the shared piece down (to {@code support}, or to the
 * lower package) instead.
 */
@AnalyzeClasses(packages = "com.ivrvideobridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {
        "..handoff..", "..genesys..", "..sms..", "..landing..", "..security..", "..outcome..", "..ops.."
    };

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Foundation")
            .definedBy("..support..", "..web..")
            .layer("Blocks")
            .definedBy("..deadline..", "..media..")
            .layer("Core")
            .definedBy(CORE)
            .layer("Features")
            .definedBy("..agent..", "..channel..", "..report..", "..telemetry..")
            .layer("Local")
            .definedBy("..sandbox..", "..embedded..", "..config..", "..routes..")
            .whereLayer("Local")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Features")
            .mayOnlyBeAccessedByLayers("Local")
            .whereLayer("Core")
            .mayOnlyBeAccessedByLayers("Features", "Local")
            .whereLayer("Blocks")
            .mayOnlyBeAccessedByLayers("Core", "Features", "Local")
            .whereLayer("Foundation")
            .mayOnlyBeAccessedByLayers("Blocks", "Core", "Features", "Local");

    /** The foundation is not only below the features: it knows none of them, not even through a type in a signature. */
    @ArchTest
    static final ArchRule foundationKnowsNoFeature = noClasses()
            .that()
            .resideInAnyPackage("..support..", "..web..")
            .should()
            .dependOnClassesThat(describe("are in a feature package", ArchitectureTest::inFeaturePackage));

    /**
     * No cycles between packages, except inside the core. Frozen as it is today: handoff uses
     * genesys, sms, outcome and ops, and each of them reads handoffs back (the Handoff record, the
     * store); landing and genesys close the loop through LandingSessions. Untangling it (the
     * Handoff model and store in a package of their own, below the rest) is a refactor of its
     * own; until then no new package may join the cycle.
     */
    @ArchTest
    static final ArchRule noCyclesOutsideTheCore = slices().matching("com.ivrvideobridge.(*)..")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(
                    describe("are in the core", ArchitectureTest::inCore),
                    describe("are in the core", ArchitectureTest::inCore));

    private static final Set<String> FOUNDATION = Set.of("support", "web");

    private static boolean inFeaturePackage(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith("com.ivrvideobridge.")) {
            return false;
        }
        return !FOUNDATION.contains(
                name.substring("com.ivrvideobridge.".length()).split("\\.")[0]);
    }

    private static boolean inCore(JavaClass type) {
        String name = type.getPackageName();
        for (String core : CORE) {
            String pkg = core.replace("..", "");
            if (name.equals("com.ivrvideobridge." + pkg) || name.startsWith("com.ivrvideobridge." + pkg + ".")) {
                return true;
            }
        }
        return false;
    }
}
