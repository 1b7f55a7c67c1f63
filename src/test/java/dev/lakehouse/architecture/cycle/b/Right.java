package dev.lakehouse.architecture.cycle.b;

import dev.lakehouse.architecture.cycle.a.Left;

/** The other half of the deliberate package cycle of ArchitectureTest. */
public class Right {
    Left left;
}
