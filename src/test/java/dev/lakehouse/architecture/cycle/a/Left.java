package dev.lakehouse.architecture.cycle.a;

import dev.lakehouse.architecture.cycle.b.Right;

/** Half of a deliberate package cycle: ArchitectureTest proves its rule fails on it. */
public class Left {
    Right right;
}
