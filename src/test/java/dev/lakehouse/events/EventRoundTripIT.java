package dev.lakehouse.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same round trip against the packaged application (the jar, or the native binary with -Dnative). */
@QuarkusIntegrationTest
class EventRoundTripIT extends EventRoundTripTest {}
